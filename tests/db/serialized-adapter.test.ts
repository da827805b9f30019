/**
 * The app's single SQLite connection must not let a query from outside a transaction run inside it
 * (see app/db/serialized-adapter.server.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, expect, it } from "vitest";
import { prisma, resetDatabase } from "../support/database";

beforeEach(() => resetDatabase({ program: "none" }));

it("keeps a write made while another request's transaction is open, when that transaction rolls back", async () => {
  const failing = prisma.$transaction(async (tx) => {
    await tx.program.create({ data: { shop: "rolled-back.myshopify.com" } });
    await sleep(50); // e.g. waiting on a computation between two statements
    throw new Error("this transaction rolls back");
  });
  await sleep(10);
  await prisma.program.create({ data: { shop: "independent.myshopify.com" } });

  await expect(failing).rejects.toThrow("rolls back");
  const shops = (await prisma.program.findMany()).map((program) => program.shop);
  expect(shops).toEqual(["independent.myshopify.com"]);
});

it("does not show another transaction's uncommitted rows to a plain read", async () => {
  let seenInside = -1;
  const pending = prisma.$transaction(async (tx) => {
    await tx.program.create({ data: { shop: "uncommitted.myshopify.com" } });
    await sleep(50);
    seenInside = await tx.program.count();
  });
  await sleep(10);
  const seenOutside = await prisma.program.count(); // waits for the transaction: sees it committed, never half-done
  await pending;
  expect(seenInside).toBe(1);
  expect(seenOutside).toBe(1);
});
