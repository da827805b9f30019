/**
 * Fingerprints of the facts the referral fraud checks compare (referrals.ts): a normalized email, shipping address or
 * browser IP as a SHA-256 hex digest, so the outbox payload and the job hold no readable personal data, and both
 * sides (the friend's order payload, the referrer read from the Admin API) compare equal exactly when the normalized
 * facts do. Missing facts are dropped.
 */
import { createHash } from "node:crypto";

export function fingerprint(value: string): string {
  return createHash("sha256").update(`loyalty-referral:${value}`).digest("hex");
}

export function fingerprints(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v).map(fingerprint))];
}
