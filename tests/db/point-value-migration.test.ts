/**
 * The explicit point value's migration (20261206000000_explicit_point_value) on SQLite: existing shops get the value
 * the old rule derived (the best rate among active fixed-amount rewards, both columns from the same reward), so no
 * figure jumps; a shop without such a reward keeps null. Runs the real migration SQL on a database migrated to the
 * step before, in a child process (better-sqlite3 stays out of vitest's processes, see migrated-database.ts).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluatePointValue } from "~/loyalty/point-value";
import { createMigratedDatabase } from "../support/migrated-database";
import { TEST_DB_ROOT } from "../support/test-env";

const MIGRATION = "20261206000000_explicit_point_value";
mkdirSync(TEST_DB_ROOT, { recursive: true });
const scratch = mkdtempSync(path.join(TEST_DB_ROOT, "point-value-migration-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const REWARDS = [
  // shop a: $5 for 500 (1¢) and $12 for 1,000 (1.2¢): 1.2¢ wins; an inactive $50 for 100 and a percentage are ignored
  ["a1", "a.myshopify.com", "fixed_amount", 500, 500, 1],
  ["a2", "a.myshopify.com", "fixed_amount", 1000, 1200, 1],
  ["a3", "a.myshopify.com", "fixed_amount", 100, 5000, 0],
  ["a4", "a.myshopify.com", "percentage", 100, null, 1],
  // shop b: two rewards at the same rate with different fractions: both columns from one of them
  ["b1", "b.myshopify.com", "fixed_amount", 1000, 1000, 1],
  ["b2", "b.myshopify.com", "fixed_amount", 500, 500, 1],
  // shop c: free shipping only
  ["c1", "c.myshopify.com", "free_shipping", 300, null, 1],
] as const;

function migrateWithData(): Record<string, [number | null, number | null]> {
  const before = path.join(scratch, "migrations");
  for (const name of readdirSync("prisma/migrations").filter((name) => name < MIGRATION && !name.endsWith(".toml"))) {
    cpSync(path.join("prisma/migrations", name), path.join(before, name), { recursive: true });
  }
  const file = path.join(scratch, "db.sqlite");
  createMigratedDatabase(file, before);
  const script = `
    import Database from "better-sqlite3";
    const [file, sql, rewards] = process.argv.slice(1);
    const db = new Database(file);
    for (const shop of ["a.myshopify.com", "b.myshopify.com", "c.myshopify.com"]) {
      db.prepare("INSERT INTO Program (shop, updatedAt) VALUES (?, ?)").run(shop, Date.now());
    }
    const insert = db.prepare("INSERT INTO Reward (id, shop, name, kind, pointsCost, amountMinor, active, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const [id, shop, kind, cost, amount, active] of JSON.parse(rewards)) insert.run(id, shop, id, kind, cost, amount, active, Date.now());
    db.exec(sql);
    const rows = db.prepare("SELECT shop, pointValueMinor AS m, pointValuePoints AS p FROM Program ORDER BY shop").all();
    console.log(JSON.stringify(Object.fromEntries(rows.map((r) => [r.shop, [r.m, r.p]]))));
    db.close();
  `;
  const sql = readFileSync(path.join("prisma/migrations", MIGRATION, "migration.sql"), "utf8");
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script, file, sql, JSON.stringify(REWARDS)], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, [number | null, number | null]>;
}

describe("explicit point value migration", () => {
  it("gives existing shops the value the old rule derived", () => {
    const values = migrateWithData();
    const old = (shop: string) =>
      evaluatePointValue(
        REWARDS.filter((r) => r[1] === shop).map(([name, , kind, pointsCost, amountMinor, active]) => ({ name, kind, pointsCost, amountMinor, active: active === 1 })),
      );
    expect(values["a.myshopify.com"]).toEqual([1200, 1000]);
    expect(old("a.myshopify.com")?.minorPerPoint).toEqual({ numerator: 1200, denominator: 1000 });
    const [minor, points] = values["b.myshopify.com"] ?? [null, null];
    expect([[1000, 1000], [500, 500]]).toContainEqual([minor, points]);
    expect(values["c.myshopify.com"]).toEqual([null, null]);
    expect(old("c.myshopify.com")).toBeNull();
  });
});
