/**
 * The app's clock for background work and shopper-facing dates: the real time, moved forward by the local dev
 * store's clock in development only (docs/decisions/034-birthdays-and-actions.md).
 *
 * Rules:
 * - `DEV_CLOCK_FILE` names a JSON file `{ "offsetMs": <number> }` written by the dev store (devstore/clock.ts) when
 *   its clock is moved. Set only by `npm run local` and the end-to-end harness, for the app process.
 * - It is honoured only while the app is wired to the dev store (`SHOPIFY_DEVSTORE_ORIGIN`, devstore/network.mjs,
 *   which routes Shopify's hosts to it), so a stray DEV_CLOCK_FILE in a real deployment cannot move the clock of a
 *   real shop: there this is `new Date()`.
 * - The file is read again only when its modification time changes (one stat per call); a missing or unreadable
 *   file means no offset. Request signatures and session tokens keep using the real time.
 */
import { readFileSync, statSync } from "node:fs";

let cached: { file: string; mtimeMs: number; offsetMs: number } | null = null;

function devOffsetMs(file: string): number {
  try {
    const { mtimeMs } = statSync(file);
    if (cached?.file === file && cached.mtimeMs === mtimeMs) return cached.offsetMs;
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { offsetMs?: unknown };
    const offsetMs = typeof parsed.offsetMs === "number" && Number.isFinite(parsed.offsetMs) ? parsed.offsetMs : 0;
    cached = { file, mtimeMs, offsetMs };
    return offsetMs;
  } catch {
    return 0;
  }
}

/** The dev clock's file when the app runs against the local dev store, else null (a real deployment). */
export function devClockFile(env: Record<string, string | undefined> = process.env): string | null {
  return env.DEV_CLOCK_FILE && env.SHOPIFY_DEVSTORE_ORIGIN ? env.DEV_CLOCK_FILE : null;
}

export function appNow(): Date {
  const file = devClockFile();
  return new Date(Date.now() + (file ? devOffsetMs(file) : 0));
}
