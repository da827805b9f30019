/**
 * The app's clock for background work and shopper-facing dates: the real time, moved forward by the local dev
 * store's clock in development only (docs/decisions/034-birthdays-and-actions.md).
 *
 * Rules:
 * - `DEV_CLOCK_FILE` names a JSON file `{ "offsetMs": <number> }` written by the dev store (devstore/clock.ts) when
 *   its clock is moved. Set only by `npm run local` and the end-to-end harness, for the app process; never in
 *   production, where this is `new Date()`.
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

export function appNow(): Date {
  const file = process.env.DEV_CLOCK_FILE;
  return new Date(Date.now() + (file ? devOffsetMs(file) : 0));
}
