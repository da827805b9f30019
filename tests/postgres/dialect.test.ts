/**
 * The dialect helper on the database this run uses (SQLite under `vitest run`, PostgreSQL under
 * `npm run test:postgres`): the provider comes from the client, and each SQL piece means the same on both.
 */
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { databaseProviderOf, sqlDialect } from "~/db/dialect.server";
import { prisma } from "../support/database";

describe("sqlDialect", () => {
  const provider = databaseProviderOf(process.env.DATABASE_URL ?? "");

  it("is the provider DATABASE_URL names, on the client and inside its transactions", async () => {
    expect(sqlDialect(prisma).provider).toBe(provider);
    expect(await prisma.$transaction(async (tx) => sqlDialect(tx).provider)).toBe(provider);
  });

  it("types VALUES parameters: integers sort as numbers, instants compare with DateTime columns", async () => {
    const sql = sqlDialect(prisma);
    const at = new Date("2026-03-08T09:59:59.999Z");
    await prisma.program.create({ data: { shop: "dialect.myshopify.com", createdAt: at } });
    const rows = await prisma.$queryRaw<{ n: unknown; hits: unknown }[]>`
      WITH v (n, "from", "to") AS (VALUES ${Prisma.join([
        Prisma.sql`(${sql.integer(10)}, ${sql.timestamp(new Date(at.getTime() + 1))}, ${sql.timestamp(new Date(at.getTime() + 2))})`,
        Prisma.sql`(${sql.integer(9)}, ${sql.timestamp(at)}, ${sql.timestamp(new Date(at.getTime() + 1))})`,
      ])})
      SELECT v.n AS n, (SELECT COUNT(*) FROM "Program" p WHERE p."createdAt" >= v."from" AND p."createdAt" < v."to") AS hits
      FROM v ORDER BY v.n`;
    expect(rows.map((row) => [Number(row.n), Number(row.hits)])).toEqual([
      [9, 1],
      [10, 0],
    ]);
    await prisma.program.delete({ where: { shop: "dialect.myshopify.com" } });
  });

  it("counts whole milliseconds between instants exactly, across years and DST changes", async () => {
    const sql = sqlDialect(prisma);
    const pairs = [
      ["2026-03-08T06:59:59.999Z", "2026-03-08T07:00:00.000Z"],
      ["2020-01-01T00:00:00.000Z", "2026-11-23T18:17:03.534Z"],
      ["2026-11-23T18:17:03.534Z", "2026-01-01T00:00:00.001Z"],
    ].map(([from, to]) => [new Date(from ?? ""), new Date(to ?? "")] as const);
    for (const [from, to] of pairs) {
      const [row] = await prisma.$queryRaw<{ ms: unknown }[]>`SELECT ${sql.millisecondsBetween(sql.timestamp(from), sql.timestamp(to))} AS ms`;
      expect(Number(row?.ms)).toBe(to.getTime() - from.getTime());
    }
  });
});
