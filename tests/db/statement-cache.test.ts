/**
 * The serialized adapter reuses prepared statements (app/db/serialized-adapter.server.ts): the same SQL is
 * prepared once, each call still gets its own parameters, and a failing or rolled-back statement leaves nothing
 * behind for the next user of the cached statement.
 */
import Database from "better-sqlite3";
import { beforeEach, expect, it, vi } from "vitest";
import { Prisma } from "@prisma/client";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { cacheStatements } from "~/db/serialized-adapter.server";
import { prisma, resetDatabase } from "../support/database";

beforeEach(() => resetDatabase({ program: "none" }));

/** A connection whose native prepare is counted, cached the way the app's adapter is. */
function countedConnection(size?: number) {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  const nativePrepare = vi.fn((sql: string) => db.prepare(sql));
  const client = { prepare: nativePrepare as (sql: string) => unknown };
  expect(cacheStatements({ client } as unknown as SqlDriverAdapter, size)).toBe(true);
  type Bound = { reader: boolean; run(): unknown; raw(): { all(): unknown[] }; all(): unknown[]; columns(): { name: string }[] };
  const prepare = (sql: string) => client.prepare(sql) as { bind(...args: unknown[]): Bound } & Bound;
  return { db, nativePrepare, prepare };
}

it("prepares each SQL text once, binds every call's own parameters, and evicts the least recently used", () => {
  const { nativePrepare, prepare } = countedConnection(2);
  const insert = "INSERT INTO t (name) VALUES (?)";
  const select = "SELECT id, name FROM t WHERE name = ?";
  prepare(insert).bind(["a"]).run();
  prepare(insert).bind(["b"]).run();
  expect(prepare(select).bind(["b"]).raw().all()).toEqual([[2, "b"]]);
  // Object rows after raw rows: the mode is per call, not left on the shared statement.
  expect(prepare(select).bind(["a"]).all()).toEqual([{ id: 1, name: "a" }]);
  expect(prepare(select).bind(["a"]).columns().map((column) => column.name)).toEqual(["id", "name"]);
  expect(nativePrepare).toHaveBeenCalledTimes(2);

  prepare("SELECT count(*) FROM t").raw().all(); // a third text: the insert (least recently used) goes
  prepare(select).bind(["a"]).all();
  expect(nativePrepare).toHaveBeenCalledTimes(3);
  prepare(insert).bind(["c"]).run();
  expect(nativePrepare).toHaveBeenCalledTimes(4);
  expect(prepare("SELECT name FROM t ORDER BY id").raw().all()).toEqual([["a"], ["b"], ["c"]]);
});

it("is what the app's Prisma client runs on: a repeated query is not prepared again", async () => {
  await prisma.program.createMany({ data: [{ shop: "a.myshopify.com", vestingDays: 1 }, { shop: "b.myshopify.com", vestingDays: 2 }] });
  const find = (shop: string) => prisma.program.findUnique({ where: { shop }, select: { vestingDays: true } });
  await find("a.myshopify.com"); // prepared here (or earlier): cached from now on

  const prepare = vi.spyOn(Database.prototype, "prepare");
  try {
    const found = [];
    for (let i = 0; i < 10; i++) found.push((await find(i % 2 ? "b.myshopify.com" : "a.myshopify.com"))?.vestingDays);
    expect(found).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(await find("c.myshopify.com")).toBeNull();
    expect(prepare).not.toHaveBeenCalled();
  } finally {
    prepare.mockRestore();
  }
});

it("keeps reads, writes and row shapes right when cached statements are reused in and out of transactions", async () => {
  for (let round = 0; round < 3; round++) {
    await prisma.$transaction(async (tx) => {
      await tx.program.upsert({ where: { shop: "s.myshopify.com" }, create: { shop: "s.myshopify.com" }, update: { vestingDays: { increment: 1 } } });
    });
    const counted = await prisma.program.count();
    const row = await prisma.program.findUniqueOrThrow({ where: { shop: "s.myshopify.com" } });
    expect(counted).toBe(1);
    expect(row).toMatchObject({ shop: "s.myshopify.com", vestingDays: round, status: "draft" });
    expect(row.updatedAt).toBeInstanceOf(Date);
  }
});

it("reuses a statement that failed on a unique key, and a rolled-back transaction's statements", async () => {
  const create = (shop: string) => prisma.reward.create({ data: { id: "same-id", shop, name: "R", kind: "fixed_amount", pointsCost: 1 } });
  await create("x.myshopify.com");
  await expect(create("x.myshopify.com")).rejects.toSatisfy(
    (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002",
  );
  await expect(
    prisma.$transaction(async (tx) => {
      await tx.program.create({ data: { shop: "rolled-back.myshopify.com" } });
      throw new Error("roll back");
    }),
  ).rejects.toThrow("roll back");
  await prisma.program.create({ data: { shop: "kept.myshopify.com" } });

  expect((await prisma.program.findMany()).map((program) => program.shop)).toEqual(["kept.myshopify.com"]);
  expect(await prisma.reward.count()).toBe(1);
});
