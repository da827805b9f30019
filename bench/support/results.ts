/** Result files: bench/results/<kind>-<timestamp>.json and <kind>-latest.json, the same JSON in both. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Writes both files; returns the timestamped path. */
export function writeResult(kind: string, startedAt: string, result: unknown, dir = "bench/results"): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const file = path.join(dir, `${kind}-${startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(dir, `${kind}-latest.json`), json);
  return file;
}

/** Runs a benchmark's `main` and exits with its code (0, or 1 when a check failed), or 2 when it could not run. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
