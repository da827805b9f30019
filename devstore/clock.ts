/**
 * The dev store's clock, which `npm run devstore:event -- clock --advance 1d` moves forward so birthday, anniversary
 * and vesting jobs can be shown without waiting (issue 11). Development only.
 *
 * Rules:
 * - now() = the real time + an offset; the offset only grows (a clock moved back would replay days the app's
 *   jobs already paid) and `reset` puts it back to 0.
 * - The app follows it through a file both processes know (DEV_CLOCK_FILE, `{ "offsetMs": n }`): written at every
 *   move, read by app/clock.server.ts. No file configured: the dev store's own clock moves alone.
 * - Webhook and app proxy signatures keep the real time (the app checks their freshness against its real clock).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export class DevClockError extends Error {}

let offsetMs = 0;
let file: string | null = process.env.DEV_CLOCK_FILE ?? null;

function save(): void {
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ offsetMs }));
}

export const devClock = {
  now(): Date {
    return new Date(Date.now() + offsetMs);
  },
  offsetMs(): number {
    return offsetMs;
  },
  /** Where the offset is shared with the app (null: not shared). Writes the current offset there at once. */
  useFile(next: string | null): void {
    file = next;
    save();
  },
  /** "36h", "2d", "90m" forward. */
  advance(spec: string): Date {
    const match = /^(\d{1,5})([mhd])$/.exec(spec.trim());
    if (!match) throw new DevClockError(`--advance takes a number and m, h or d ("1d", "36h"), not "${spec}"`);
    offsetMs += Number(match[1]) * (UNITS[match[2] ?? "d"] ?? 0);
    save();
    return devClock.now();
  },
  /** To an instant ("2027-03-01T00:00:00Z" or "2027-03-01"): only forward. */
  moveTo(spec: string): Date {
    const target = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(spec) ? `${spec}T00:00:00Z` : spec);
    if (Number.isNaN(target)) throw new DevClockError(`--to takes a date or an ISO time, not "${spec}"`);
    const next = target - Date.now();
    if (next < offsetMs) throw new DevClockError(`The clock only moves forward: it is already ${devClock.now().toISOString()}`);
    offsetMs = next;
    save();
    return devClock.now();
  },
  reset(): void {
    offsetMs = 0;
    save();
  },
};
