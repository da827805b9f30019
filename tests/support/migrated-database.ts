/**
 * Builds a migrated SQLite file by applying the committed migrations in order, exactly the SQL
 * `prisma migrate deploy` runs (so tests exercise the same schema production gets).
 *
 * It runs in a child process: vitest's main process must never load better-sqlite3. On Node 24,
 * better-sqlite3 11's Database destructor asserts (`RemoveEnvironmentCleanupHook: (env) != nullptr`) when the
 * garbage collector finalizes it outside a Node context, which aborted a whole CI run at its start.
 */
import { spawnSync } from "node:child_process";

export function createMigratedDatabase(file: string, migrationsDir = "prisma/migrations"): void {
  const result = spawnSync(process.execPath, ["tests/support/create-migrated-database.mjs", file, migrationsDir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`Could not build the migrated test database ${file}:\n${result.stderr || result.stdout}`);
}
