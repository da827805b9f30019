/**
 * Manual credits and debits through the member page's action: a valid session token through
 * `authenticate.admin`, a real SQLite database, and a member whose history came from Shopify's signed example
 * orders/paid webhook (404 points).
 *
 * Rules proven here:
 * - Invalid input (negative, zero, fractional, huge or missing points; a missing note; an unknown direction; a
 *   missing form key) answers 400 with a message per field and changes nothing: no entry, no job, the member row
 *   untouched (not even its lock version).
 * - A valid adjustment writes exactly one manual_credit / manual_debit entry holding the note and the staff member
 *   from the session token (also another user than the library's default), moves balance and lifetime figures,
 *   keeps the tier consistent with the ledger and queues a storefront sync.
 * - The same form submitted twice (sequentially or at once) writes once; the second answer is "duplicate".
 * - A debit above the available balance is refused with the numbers and changes nothing; pending points cannot
 *   be debited.
 * - A member of another shop is not found (404), and nothing is written to it.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { evaluateTier } from "~/loyalty/tiers";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action } from "~/routes/app.members.$id";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import {
  answerOf,
  callAs,
  DEFAULT_STAFF_ID,
  EXAMPLE_CUSTOMER_GID,
  EXAMPLE_ORDER_POINTS,
  memberOf,
  payExampleOrder,
  snapshot,
  type StaffRequestOptions,
} from "./support";
import { withSafeNumbers } from "~/loyalty/safe-integer";

const OTHER_SHOP = "other-shop.myshopify.com";

interface AdjustBody {
  ok: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  adjustment?: { status: "recorded" | "duplicate"; entryId: string; points: number; balance: number };
}

let memberId: string;

function form(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    direction: "credit",
    points: "50",
    note: "Goodwill for a late delivery",
    clientKey: "4b0d3f3e-9f5c-4c1e-8a57-6f6c7c1f0a11",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function adjust(fields: Record<string, string>, options: StaffRequestOptions & { id?: string } = {}) {
  const id = options.id ?? memberId;
  return answerOf<AdjustBody>(await callAs(action, `/app/members/${id}`, { id }, { ...options, form: fields }));
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await payExampleOrder();
  memberId = (await memberOf(EXAMPLE_CUSTOMER_GID)).id;
  await prisma.outboxJob.deleteMany();
});

describe("validation", () => {
  it.each([
    ["negative points", { points: "-50" }, "points", "Points must be at least 1"],
    ["zero points", { points: "0" }, "points", "Points must be at least 1"],
    ["non-integer points", { points: "12.5" }, "points", "Points must be a whole number"],
    ["points that are not a number", { points: "fifty" }, "points", "Points must be a whole number"],
    ["points above the maximum", { points: "1000001" }, "points", "Points cannot be more than 1,000,000"],
    ["absurdly many points", { points: "99999999999999999999999" }, "points", "Points cannot be more than 1,000,000"],
    ["no points", { points: "" }, "points", "Enter the number of points"],
    ["a debit without a note", { direction: "debit", points: "10", note: "   " }, "note", "A note is required: say why the points change"],
    ["a credit without a note field", { note: undefined }, "note", "A note is required"],
    ["a note that is too long", { note: "x".repeat(501) }, "note", "Keep the note to 500 characters"],
    ["an unknown direction", { direction: "refund" }, "direction", "Choose credit or debit"],
    ["a missing form key", { clientKey: undefined }, "clientKey", "Reload the page and try again"],
  ])("answers 400 for %s, naming the field, and changes nothing", async (_case, overrides, field, message) => {
    const before = await snapshot(memberId);
    const { status, body } = await adjust(form(overrides));
    expect(status).toBe(400);
    expect(body.ok).toBe(false);
    expect(body.fieldErrors?.[field]).toBe(message);
    expect(await snapshot(memberId)).toEqual(before);
    expect(await prisma.ledgerEntry.count({ where: { type: { in: ["manual_credit", "manual_debit"] } } })).toBe(0);
  });

  it("reports every bad field at once", async () => {
    const { status, body } = await adjust({ direction: "debit", points: "-1", note: "", clientKey: "x" });
    expect(status).toBe(400);
    expect(Object.keys(body.fieldErrors ?? {}).sort()).toEqual(["clientKey", "note", "points"]);
  });
});

describe("a valid adjustment", () => {
  it("credits: one manual_credit entry with the note and the staff member, balance, lifetime and a storefront sync", async () => {
    const { status, body } = await adjust(form({ points: "50" }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, adjustment: { status: "recorded", points: 50, balance: EXAMPLE_ORDER_POINTS + 50 } });

    const entries = (await prisma.ledgerEntry.findMany({ where: { memberId, type: "manual_credit" } })).map(withSafeNumbers);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      shop: TEST_SHOP,
      points: 50,
      note: "Goodwill for a late delivery",
      actor: `staff:${DEFAULT_STAFF_ID}`,
      explanation: `Manual credit of 50 pts by staff member ${DEFAULT_STAFF_ID}`,
      idempotencyKey: `manual:${memberId}:4b0d3f3e-9f5c-4c1e-8a57-6f6c7c1f0a11`,
      orderGid: null,
    });
    expect(entries[0]?.id).toBe(body.adjustment?.entryId);

    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    expect(member).toMatchObject({ balance: EXAMPLE_ORDER_POINTS + 50, lifetimeEarned: EXAMPLE_ORDER_POINTS + 50, lifetimeRedeemed: 0 });
    const ledgerSum = await prisma.ledgerEntry.aggregate({ where: { memberId }, _sum: { points: true } });
    expect(ledgerSum._sum.points).toBe(BigInt(member.balance));
    expect(await prisma.outboxJob.findMany()).toEqual([
      expect.objectContaining({ kind: "sync-metafields", dedupeKey: memberId, doneAt: null, shop: TEST_SHOP }),
    ]);
  });

  it("debits: one manual_debit entry, stored negative, lifetime earned unchanged", async () => {
    const { status, body } = await adjust(form({ direction: "debit", points: "104", note: "Duplicate account merged" }));
    expect(status).toBe(200);
    expect(body.adjustment).toMatchObject({ status: "recorded", points: -104, balance: 300 });
    const entries = (await prisma.ledgerEntry.findMany({ where: { memberId, type: "manual_debit" } })).map(withSafeNumbers);
    expect(entries).toEqual([
      expect.objectContaining({
        points: -104,
        note: "Duplicate account merged",
        actor: `staff:${DEFAULT_STAFF_ID}`,
        explanation: `Manual debit of 104 pts by staff member ${DEFAULT_STAFF_ID}`,
      }),
    ]);
    expect(await memberOf(EXAMPLE_CUSTOMER_GID)).toMatchObject({ balance: 300, lifetimeEarned: EXAMPLE_ORDER_POINTS });
    expect(await prisma.outboxJob.count({ where: { kind: "sync-metafields", dedupeKey: memberId } })).toBe(1);
  });

  it("records the staff member the session token names (offline session: no user on the session itself)", async () => {
    const { status } = await adjust(form(), { staffId: "987654321" });
    expect(status).toBe(200);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { memberId, type: "manual_credit" } });
    expect(entry.actor).toBe("staff:987654321");
    expect(entry.explanation).toBe("Manual credit of 50 pts by staff member 987654321");
  });

  it("re-evaluates the tier with the ledger (manual points do not count towards points tiers)", async () => {
    // Bronze (0) for 404 earned points; lower Silver's threshold to 400 behind the cached tier's back.
    const silver = await prisma.tier.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "Silver" } });
    await prisma.tier.update({ where: { id: silver.id }, data: { threshold: 400 } });
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { updatedAt: new Date(Date.now() + 1000) } });
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).tierId).toBe(`${TEST_SHOP}:bronze`);

    expect((await adjust(form({ points: "2000" }))).status).toBe(200);
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    // The writer re-evaluated: earned points (404) now reach Silver; the 2,000 manual points did not count.
    expect(member).toMatchObject({ tierId: silver.id, tierMetric: EXAMPLE_ORDER_POINTS, balance: EXAMPLE_ORDER_POINTS + 2000 });
    const program = await getShopProgram(prisma, TEST_SHOP);
    expect(evaluateTier(program.settings.tierProgram, member.tierMetric).current?.id).toBe(member.tierId);
  });
});

describe("a double-submitted form", () => {
  it("writes once when the same form key arrives twice", async () => {
    const first = await adjust(form({ points: "70" }));
    const second = await adjust(form({ points: "70" }));
    expect(first.body.adjustment?.status).toBe("recorded");
    expect(second.status).toBe(200);
    expect(second.body.adjustment).toMatchObject({ status: "duplicate", entryId: first.body.adjustment?.entryId, balance: EXAMPLE_ORDER_POINTS + 70 });
    expect(await prisma.ledgerEntry.count({ where: { memberId, type: "manual_credit" } })).toBe(1);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(EXAMPLE_ORDER_POINTS + 70);
  });

  it("writes once when the same form key arrives concurrently", async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => adjust(form({ points: "70" }))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((answer) => answer.body.adjustment?.status).sort()).toEqual(["duplicate", "duplicate", "duplicate", "recorded"]);
    expect(await prisma.ledgerEntry.count({ where: { memberId, type: "manual_credit" } })).toBe(1);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(EXAMPLE_ORDER_POINTS + 70);
  });

  it("answers a repeated debit with the first one, not with a balance refusal", async () => {
    const debit = form({ direction: "debit", points: "400", note: "Points transferred to another account" });
    expect((await adjust(debit)).body.adjustment?.status).toBe("recorded");
    const again = await adjust(debit);
    expect(again.status).toBe(200);
    expect(again.body.adjustment).toMatchObject({ status: "duplicate", balance: 4 });
  });

  it("writes a second adjustment with a new form key", async () => {
    await adjust(form({ clientKey: "form-key-0001" }));
    await adjust(form({ clientKey: "form-key-0002" }));
    expect(await prisma.ledgerEntry.count({ where: { memberId, type: "manual_credit" } })).toBe(2);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(EXAMPLE_ORDER_POINTS + 100);
  });
});

describe("a debit above the balance", () => {
  it("is refused with the numbers, on the points field, and changes nothing", async () => {
    const before = await snapshot(memberId);
    const { status, body } = await adjust(form({ direction: "debit", points: "500", note: "Fraud" }));
    expect(status).toBe(409);
    expect(body.error).toBe("Cannot debit 500 points: balance is 404");
    expect(body.fieldErrors).toEqual({ points: "Cannot debit 500 points: balance is 404" });
    expect(await snapshot(memberId)).toEqual(before);
  });

  it("may take the whole balance, not more", async () => {
    expect((await adjust(form({ direction: "debit", points: "404", note: "Closing the account" }))).status).toBe(200);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(0);
    const { status, body } = await adjust(form({ direction: "debit", points: "1", note: "Again", clientKey: "another-key-1" }));
    expect(status).toBe(409);
    expect(body.error).toBe("Cannot debit 1 point: balance is 0");
  });

  it("cannot take points that are still pending", async () => {
    await resetDatabase();
    await getShopProgram(prisma, TEST_SHOP);
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { vestingDays: 30 } });
    await payExampleOrder({ paidAt: new Date() });
    memberId = (await memberOf(EXAMPLE_CUSTOMER_GID)).id;
    await adjust(form({ points: "100", clientKey: "credit-key-1" }));

    const { status, body } = await adjust(form({ direction: "debit", points: "101", note: "Too much" }));
    expect(status).toBe(409);
    expect(body.error).toBe("Cannot debit 101 points: available balance is 100 (404 pending)");
    expect((await adjust(form({ direction: "debit", points: "100", note: "Exactly the available points" }))).status).toBe(200);
    expect((await memberOf(EXAMPLE_CUSTOMER_GID)).balance).toBe(404);
  });
});

describe("scoping and authentication", () => {
  it("does not find a member of another shop, and writes nothing to it", async () => {
    await payExampleOrder({ shop: OTHER_SHOP, orderId: "820982911946154599" }); // order GIDs are unique across shops
    const foreign = await memberOf(EXAMPLE_CUSTOMER_GID, OTHER_SHOP);
    const before = await snapshot(foreign.id);
    const { status, body } = await adjust(form(), { id: foreign.id });
    expect(status).toBe(404);
    expect(body.error).toBe("This member is not in your program");
    expect(await snapshot(foreign.id)).toEqual(before);
  });

  it("answers 404 for an unknown member id", async () => {
    const { status } = await adjust(form(), { id: "no-such-member" });
    expect(status).toBe(404);
    expect(await prisma.ledgerEntry.count({ where: { type: "manual_credit" } })).toBe(0);
  });

  it("refuses a request without a valid session token, writing nothing", async () => {
    const request = new Request(`${TEST_APP_URL}/app/members/${memberId}`, {
      method: "POST",
      headers: { Authorization: "Bearer not-a-jwt", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form()),
    });
    let answered: unknown;
    try {
      answered = await action({ request, params: { id: memberId }, context: {} });
    } catch (thrown) {
      answered = thrown;
    }
    expect(answered).toBeInstanceOf(Response);
    expect((answered as Response).status).toBe(401);
    expect(await prisma.ledgerEntry.count({ where: { type: "manual_credit" } })).toBe(0);
  });
});
