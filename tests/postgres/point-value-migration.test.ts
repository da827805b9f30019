/**
 * The explicit point value's migration on PostgreSQL (the SQLite twin is tests/db/point-value-migration.test.ts):
 * existing shops get the value the old rule derived from their rewards, so no figure jumps; a shop without a
 * fixed-amount reward keeps null. Runs the app's migrator up to the step before, inserts old data, then migrates.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { POSTGRES_MIGRATIONS_DIR, migratePostgres, readMigrations } from "../../scripts/postgres-migrate.mjs";
import { databaseUrl, withClient } from "../support/postgres";
import { TEST_DB_ROOT } from "../support/test-env";

const database = inject("testDatabase");
const MIGRATION = "20261206000000_explicit_point_value";

describe("explicit point value migration (PostgreSQL)", () => {
  if (database.provider !== "postgresql") throw new Error("runs on PostgreSQL only: npm run test:postgres");
  const { adminUrl, prefix } = database;
  const scratch = `${prefix}_point_value`;
  const scratchUrl = databaseUrl(adminUrl, scratch);
  const work = path.join(TEST_DB_ROOT, `pg-point-value-${randomUUID()}`);

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
  });

  function migrationsUpTo(last: string): string {
    const dir = path.join(work, last);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration_lock.toml"), readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, "migration_lock.toml")));
    for (const migration of readMigrations().filter((m: { name: string }) => m.name <= last)) {
      mkdirSync(path.join(dir, migration.name));
      writeFileSync(path.join(dir, migration.name, "migration.sql"), migration.sql);
    }
    return dir;
  }

  it("gives existing shops the value the old rule derived", async () => {
    await withClient(adminUrl, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${scratch}"`);
    });
    const before = readMigrations()
      .map((m: { name: string }) => m.name)
      .filter((name: string) => name < MIGRATION)
      .at(-1);
    if (!before) throw new Error(`No migration before ${MIGRATION}`);
    await migratePostgres({ url: scratchUrl, dir: migrationsUpTo(before) });
    await withClient(scratchUrl, async (client) => {
      for (const shop of ["a", "b", "c"]) await client.query(`INSERT INTO "Program" (shop, "updatedAt") VALUES ($1, now())`, [shop]);
      const rewards = [
        ["a1", "a", "fixed_amount", 500, 500, true],
        ["a2", "a", "fixed_amount", 1000, 1200, true], // 1.2¢ a point: the best
        ["a3", "a", "fixed_amount", 100, 5000, false], // inactive: ignored
        ["a4", "a", "percentage", 100, null, true],
        ["b1", "b", "fixed_amount", 1000, 1000, true], // same rate as b2: both columns from one of them
        ["b2", "b", "fixed_amount", 500, 500, true],
        ["c1", "c", "free_shipping", 300, null, true],
      ];
      for (const [id, shop, kind, cost, amount, active] of rewards) {
        await client.query(
          `INSERT INTO "Reward" (id, shop, name, kind, "pointsCost", "amountMinor", active, "updatedAt") VALUES ($1, $2, $1, $3, $4, $5, $6, now())`,
          [id, shop, kind, cost, amount, active],
        );
      }
    });
    await migratePostgres({ url: scratchUrl });
    const rows = await withClient(scratchUrl, async (client) =>
      (await client.query(`SELECT shop, "pointValueMinor"::text AS m, "pointValuePoints"::text AS p FROM "Program" ORDER BY shop`)).rows,
    );
    expect(rows).toEqual([
      { shop: "a", m: "1200", p: "1000" },
      expect.objectContaining({ shop: "b" }),
      { shop: "c", m: null, p: null },
    ]);
    const b = rows[1] as { m: string; p: string };
    expect([["1000", "1000"], ["500", "500"]]).toContainEqual([b.m, b.p]);
  });
});
