/**
 * Kysely on Prisma's connection (app/db/kysely.server.ts), on the database this run uses (SQLite under
 * `vitest run`, PostgreSQL under `npm run test:postgres`): queries compile for that database, run inside the
 * Prisma transaction they are given, and their results read back the same on both.
 */
import { afterEach, describe, expect, it } from "vitest";
import { integerResult } from "~/db/dialect.server";
import { chunked, dateResult, kyselyOf, MAX_PARAMETERS } from "~/db/kysely.server";
import { prisma, resetDatabase } from "../support/database";

const shop = "kysely.myshopify.com";
afterEach(resetDatabase);

describe("kyselyOf", () => {
  it("compiles for the client's database", () => {
    const { sql } = kyselyOf(prisma).selectFrom("Member").select("id").where("shop", "=", shop).compile();
    expect(sql).toContain(process.env.DATABASE_URL?.startsWith("file:") ? '"shop" = ?' : '"shop" = $1');
  });

  it("reads 64-bit integers and times the same on both databases", async () => {
    const createdAt = new Date("2026-12-05T10:11:12.345Z");
    await prisma.member.create({ data: { shop, customerGid: "gid://shopify/Customer/1", balance: 2n ** 53n - 1n, createdAt } });
    const row = await kyselyOf(prisma).selectFrom("Member").select(["balance", "createdAt"]).where("shop", "=", shop).executeTakeFirstOrThrow();
    expect(integerResult(row.balance)).toBe(Number.MAX_SAFE_INTEGER);
    expect(dateResult(row.createdAt)).toEqual(createdAt);
  });

  it("runs inside the Prisma transaction it is given, and rolls back with it", async () => {
    const insert = (db: ReturnType<typeof kyselyOf>, customer: string) =>
      db
        .insertInto("Member")
        .values({ id: customer, shop, customerGid: `gid://shopify/Customer/${customer}`, updatedAt: new Date() })
        .execute();
    await expect(
      prisma.$transaction(async (tx) => {
        await insert(kyselyOf(tx), "2");
        expect(await tx.member.count({ where: { shop } })).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await prisma.member.count({ where: { shop } })).toBe(0);
    await prisma.$transaction(async (tx) => insert(kyselyOf(tx), "3"));
    expect(await prisma.member.count({ where: { shop } })).toBe(1);
  });

  it("answers the number of rows a write changed", async () => {
    await prisma.member.createMany({ data: [1, 2, 3].map((n) => ({ shop, customerGid: `gid://shopify/Customer/${n}` })) });
    const result = await kyselyOf(prisma).updateTable("Member").set({ displayName: "x" }).where("shop", "=", shop).executeTakeFirstOrThrow();
    expect(result.numUpdatedRows).toBe(3n);
  });
});

describe("chunked", () => {
  it("keeps every statement under the parameter limit, in order", () => {
    const rows = Array.from({ length: 2500 }, (_, i) => i);
    const chunks = chunked(rows, 16);
    expect(chunks.every((chunk) => chunk.length * 16 <= MAX_PARAMETERS)).toBe(true);
    expect(chunks.flat()).toEqual(rows);
  });
});
