import type { DigestDeps } from "./build.js";

/** Production dependencies: the process environment (for the Sentry token) and real waits. */
export function defaultDigestDeps(): DigestDeps {
  return { env: process.env, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()) };
}
