/**
 * First run: `npm run local` and `npm run setup` migrate SQLite with scripts/sqlite-migrate.mjs, which prints what
 * Prisma prints except the driver-adapter `url` WARNING (not actionable: the schema must keep its url). Run for
 * real on a fresh file: the migrations are applied, the warning is gone, and a failure still fails.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "sqlite-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function migrate(url: string) {
  return spawnSync(process.execPath, ["scripts/sqlite-migrate.mjs"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
}

it("applies the migrations without the driver-adapter url warning", () => {
  const file = path.join(dir, "fresh.sqlite");
  const result = migrate(`file:${file}`);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("have been applied");
  expect(result.stdout + result.stderr).not.toContain("WARNING");
  const db = new Database(file);
  expect(db.prepare(`SELECT COUNT(*) AS n FROM "_prisma_migrations" WHERE "migration_name" = '20261206010000_guided_launch'`).get()).toEqual({ n: 1 });
  db.close();
  // Again: nothing to apply, still no warning.
  const again = migrate(`file:${file}`);
  expect([again.status, again.stdout.includes("No pending migrations to apply"), again.stdout.includes("WARNING")]).toEqual([0, true, false]);
}, 60_000);

it("still fails, with Prisma's error, when the database cannot be migrated", () => {
  const result = migrate(`file:${path.join(dir, "missing-dir", "x.sqlite")}`);
  expect(result.status).not.toBe(0);
}, 60_000);
