// The per-launch CI token for POSTing check --deploy output: random, shown once,
// kept only as its SHA-256, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const newCiToken = () => `glv_${randomBytes(24).toString("base64url")}`;

export const hashCiToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export function ciTokenMatches(token: string, storedHash: string | null): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(hashCiToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
