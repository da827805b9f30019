/**
 * One set of figures on the member page and the simulator (issue 10, part 4), through the real route handlers:
 * - Times are in the shop's time zone with the zone named (the page names it once; each time carries its short name).
 * - Explanations name orders as the merchant knows them ("#9999", the payload's name), and entries stored before
 *   names were kept fall back to "order <id>", never a GID.
 * - Whether manual credits count toward tiers is a program setting (default: they don't, as before), and the page
 *   says which; turning it on makes the next credit move the member's tier.
 * - The simulator's "issued" is net of clawbacks, as on Home and Reports.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { MemberDetail } from "~/loyalty/server/members-admin.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { formatShopDateTime } from "~/loyalty/shop-time";
import { action as programAction } from "~/routes/app.program";
import { action, loader } from "~/routes/app.members.$id";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { answerOf, callAs, EXAMPLE_CUSTOMER_GID, EXAMPLE_ORDER_ID, EXAMPLE_ORDER_POINTS, memberOf, payExampleOrder, refundExampleOrder } from "./support";

type Page = MemberDetail & { formKey: string };

let memberId: string;

async function memberPage() {
  return answerOf<Page>(await callAs(loader, `/app/members/${memberId}`, { id: memberId }));
}

async function credit(points: number, clientKey: string) {
  const form = { direction: "credit", points: String(points), note: "Welcome gift", clientKey };
  const { status } = await answerOf(await callAs(action, `/app/members/${memberId}`, { id: memberId }, { form }));
  expect(status).toBe(200);
}

async function postProgram(form: Record<string, string>) {
  const response = (await callRoute(programAction, await adminRequest("/app/program", { form }))) as Response;
  expect(response.status).toBe(200);
  return (await response.json()) as { simulation?: Record<string, number> };
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await getShopProgram(prisma, TEST_SHOP);
  await prisma.program.update({ where: { shop: TEST_SHOP }, data: { timezone: "America/New_York" } });
  await payExampleOrder();
  memberId = (await memberOf(EXAMPLE_CUSTOMER_GID)).id;
});

describe("the member page", () => {
  it("shows times in the shop's time zone and names it", async () => {
    const { body } = await memberPage();
    expect(body.timeZone).toBe("America/New_York");
    const [earn] = body.ledger.entries;
    expect(earn?.createdAtLabel).toBe(formatShopDateTime(new Date(earn?.createdAt ?? 0), "America/New_York"));
    expect(earn?.createdAtLabel).toMatch(/ E[SD]T$/);
    expect(formatShopDateTime(new Date("2026-03-07T05:00:00Z"), "America/New_York")).toBe("Mar 7, 2026, 12:00 AM EST");
  });

  it("names orders as the merchant knows them, also in entries stored with a GID", async () => {
    await refundExampleOrder();
    const { body } = await memberPage();
    const clawback = body.ledger.entries.find((entry) => entry.type === "clawback");
    expect(clawback?.explanation).toMatch(/ earned on #9999: 1 refund\(s\)$/);
    expect(await prisma.ledgerEntry.count({ where: { orderName: "#9999" } })).toBe(2); // the earn and the clawback

    // An entry written before names were kept: its stored text names the GID.
    await prisma.ledgerEntry.updateMany({
      where: { type: "clawback" },
      data: { orderName: null, explanation: `Clawback of 10 pts of 404 pts earned on gid://shopify/Order/${EXAMPLE_ORDER_ID}: 1 refund(s)` },
    });
    const old = (await memberPage()).body.ledger.entries.find((entry) => entry.type === "clawback");
    expect(old?.explanation).toBe(`Clawback of 10 pts of 404 pts earned on order ${EXAMPLE_ORDER_ID}: 1 refund(s)`);
  });

  it("counts manual credits toward tiers only when the program says so, and says which", async () => {
    await credit(200, "tier-credit-key-1"); // 404 + 200 = 604 lifetime earned; Silver starts at 500
    let page = (await memberPage()).body;
    expect(page.member).toMatchObject({ lifetimeEarned: EXAMPLE_ORDER_POINTS + 200, tier: "Bronze" });
    expect(page.member.tierMetric).toBe("Tiers count points earned from orders and bonuses, net of clawbacks. Manual credits and debits don't count.");

    const settings = structuredClone((await getShopProgram(prisma, TEST_SHOP)).settings);
    settings.tierCountsManualCredits = true;
    await postProgram({ intent: "save", settings: JSON.stringify(settings) });
    await credit(10, "tier-credit-key-2"); // the next points change re-evaluates: 404 + 200 + 10 = 614
    page = (await memberPage()).body;
    expect(page.member).toMatchObject({ tier: "Silver", tierProgress: "886 pts to Gold" });
    expect(page.member.tierMetric).toContain("plus manual credits and debits");
  });
});

describe("the simulator", () => {
  it("counts issued points net of clawbacks, as Home and Reports do, next to the gross earned", async () => {
    await refundExampleOrder();
    const clawed = -((await prisma.ledgerEntry.aggregate({ where: { type: "clawback" }, _sum: { points: true } }))._sum.points ?? 0n);
    expect(clawed).toBeGreaterThan(0n);
    const settings = JSON.stringify((await getShopProgram(prisma, TEST_SHOP)).settings);
    const { simulation } = await postProgram({ intent: "simulate", settings, days: "30" });
    expect(simulation).toMatchObject({
      currentPoints: EXAMPLE_ORDER_POINTS,
      currentIssued: EXAMPLE_ORDER_POINTS - Number(clawed),
      proposedIssued: EXAMPLE_ORDER_POINTS - Number(clawed),
      deltaIssued: 0,
    });
    expect(simulation?.currentCostMinor).toBe(EXAMPLE_ORDER_POINTS - Number(clawed)); // 1 cent a point, net
  });
});
