import { type Config, loadConfig } from "./config.js";

/**
 * Composition root. Without Slack or Teams credentials golive is the local shell on the
 * embedded database; the chat surfaces are added here when configured.
 */
export async function main(config: Config): Promise<number> {
  const { startShell } = await import("./cli.js");
  return startShell(config);
}

if (process.argv[1]?.endsWith("/src/main.ts")) {
  const { fail } = await import("./cli.js");
  try {
    const code = await main(loadConfig());
    process.exit(code);
  } catch (error) {
    fail(error);
  }
}
