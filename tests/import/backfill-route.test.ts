/**
 * The Backfill page's route: bad input is answered 400 with a reason per field and writes nothing; good input
 * queues one backfill and its job (a double click returns the same one); only a previewed backfill can be
 * confirmed; award mode needs a live program. The orders' bulk query is valid against the real Admin schema.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as backfillPage from "~/routes/app.backfill";
import { BACKFILL_ORDERS } from "~/loyalty/server/backfill.server";
import { buildOrdersBulkQuery } from "~/shopify/graphql/bulk-orders";
import { validateAdminOperation } from "../support/admin-schema";
import { prisma, resetDatabase } from "../support/database";
import { storeOfflineSession } from "../support/sessions";
import { TEST_SHOP } from "../support/test-env";
import { answerOf, callAs } from "../members/support";

interface Answer {
  ok: boolean;
  error?: string;
  errors?: { field: string; code: string }[];
  backfill?: { id: string; status: string; mode: string };
}

async function post(form: Record<string, string>) {
  return answerOf<Answer>(await callAs(backfillPage.action, "/app/backfill", {}, { form }));
}

async function nothingWritten() {
  expect(await prisma.orderBackfill.count()).toBe(0);
  expect(await prisma.outboxJob.count({ where: { kind: BACKFILL_ORDERS } })).toBe(0);
}

const iso = (daysFromToday: number) => new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the Backfill page's action", () => {
  it.each([
    ["from after to", { mode: "award", preset: "custom", from: iso(-10), to: iso(-20) }, "from", "fromAfterTo"],
    ["a range over the maximum", { mode: "award", preset: "custom", from: "2020-01-01", to: iso(0) }, "to", "rangeTooLong"],
    ["an unknown mode", { mode: "double", preset: "90d" }, "mode", "modeUnknown"],
    ["an unknown preset", { mode: "history", preset: "forever" }, "preset", "presetUnknown"],
    ["a date that is not one", { mode: "history", preset: "custom", from: "2026-02-30", to: iso(0) }, "from", "dateInvalid"],
    ["a start in the future", { mode: "history", preset: "custom", from: iso(5), to: iso(9) }, "from", "fromInFuture"],
  ])("refuses %s with a clear error and writes nothing", async (_name, form, field, code) => {
    const answer = await post({ intent: "preview", ...form });
    expect(answer.status).toBe(400);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(answer.body.error).toMatch(/\w/);
    await nothingWritten();
  });

  it("refuses award mode while the program is not live, and writes nothing", async () => {
    await resetDatabase({ program: "none" });
    await storeOfflineSession(TEST_SHOP);
    const answer = await post({ intent: "preview", mode: "award", preset: "90d" });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/launch it before awarding points/);
    await nothingWritten();
  });

  it("queues one backfill and its job; a double click returns the same one; confirming before the preview is refused", async () => {
    const first = await post({ intent: "preview", mode: "award", preset: "1y" });
    expect(first.status).toBe(200);
    expect(first.body.backfill).toMatchObject({ status: "queued", mode: "award" });
    const second = await post({ intent: "preview", mode: "history", preset: "90d" });
    expect(second.body.backfill?.id).toBe(first.body.backfill?.id);
    expect(await prisma.outboxJob.count({ where: { kind: BACKFILL_ORDERS } })).toBe(1);

    const early = await post({ intent: "confirm", backfillId: first.body.backfill?.id ?? "" });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatch(/only a previewed backfill can be confirmed/);
    const page = (await callAs(backfillPage.loader, "/app/backfill", {})) as Awaited<ReturnType<typeof backfillPage.loader>>;
    expect(page.backfill).toMatchObject({ id: first.body.backfill?.id, status: "queued" });
  });

  it("confirming another shop's or an unknown backfill is refused", async () => {
    const answer = await post({ intent: "confirm", backfillId: "nope" });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/no such backfill/);
  });
});

describe("the orders' bulk query", () => {
  it("is valid against the Admin 2026-10 schema", () => {
    const query = buildOrdersBulkQuery(new Date("2025-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    expect(validateAdminOperation(query)).toEqual([]);
    expect(query).toContain(`processed_at:>='2025-01-01T00:00:00.000Z' processed_at:<'2026-01-01T00:00:00.000Z'`);
  });
});

