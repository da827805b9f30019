/**
 * A large manual credit needs confirmation, enforced by the member page's action (issue 10, part 2): above
 * LARGE_CREDIT_POINTS the answer is 409 CONFIRMATION_REQUIRED naming the points and their worth, and nothing is
 * written; the same form with `confirm=1` records it once.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { action } from "~/routes/app.members.$id";
import { prisma, resetDatabase } from "../support/database";
import { answerOf, callAs, EXAMPLE_CUSTOMER_GID, EXAMPLE_ORDER_POINTS, memberOf, payExampleOrder, snapshot } from "./support";

interface AdjustBody {
  ok: boolean;
  error?: string;
  code?: string;
  fieldErrors?: Record<string, string>;
  adjustment?: { status: "recorded" | "duplicate"; points: number; balance: number };
}

let memberId: string;

async function credit(points: string, extra: Record<string, string> = {}) {
  const form = { direction: "credit", points, note: "Migration from the old app", clientKey: "large-credit-key-1", ...extra };
  return answerOf<AdjustBody>(await callAs(action, `/app/members/${memberId}`, { id: memberId }, { form }));
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await payExampleOrder();
  memberId = (await memberOf(EXAMPLE_CUSTOMER_GID)).id;
});

describe("large manual credits", () => {
  it("refuses 1,000,000 points without confirmation, says what they are worth, and writes nothing", async () => {
    const before = await snapshot(memberId);
    const { status, body } = await credit("1000000");
    expect(status).toBe(409);
    expect(body.code).toBe("CONFIRMATION_REQUIRED");
    const message = "Crediting 1,000,000 points (worth $10,000.00 at your point value) is more than 10,000 points: check the amount, then confirm to record it";
    expect(body.fieldErrors).toEqual({ points: message });
    expect(await snapshot(memberId)).toEqual(before);
  });

  it("records it once when confirmed", async () => {
    const first = await credit("1000000", { confirm: "1" });
    expect(first.status).toBe(200);
    expect(first.body.adjustment).toMatchObject({ status: "recorded", points: 1_000_000, balance: EXAMPLE_ORDER_POINTS + 1_000_000 });
    const again = await credit("1000000", { confirm: "1" });
    expect(again.body.adjustment?.status).toBe("duplicate");
    expect(await prisma.ledgerEntry.count({ where: { type: "manual_credit" } })).toBe(1);
  });

  it("needs no confirmation up to 10,000 points", async () => {
    const { status, body } = await credit("10000");
    expect(status).toBe(200);
    expect(body.adjustment?.status).toBe("recorded");
  });
});
