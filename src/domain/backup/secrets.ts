import { GoliveError } from "../../errors.js";

/** The backup passphrase, read from the variable the policy names; the message never shows a value. */
export function passphraseFromEnv(env: string): string {
  const value = process.env[env];
  if (value === undefined || value === "") {
    throw new GoliveError("config", `The environment variable ${env} (the backup passphrase) is not set.`, `Set ${env} where golive runs; keep the same passphrase to restore older backups.`);
  }
  return value;
}
