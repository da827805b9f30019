/**
 * The Flow page (/app/flow) through the real route with a signed admin session token: the merchant switches triggers
 * on and off per shop, sets the days, and a scheduled trigger queues the daily job.
 */
import { beforeEach, expect, it, vi } from "vitest";
import { FLOW_DAILY, getFlowSettings } from "~/loyalty/server/flow-settings.server";
import { action, loader } from "~/routes/app.flow";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

const OTHER_SHOP = "other-shop.myshopify.com";

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

type Page = Awaited<ReturnType<typeof loader>>;

it("lists every trigger off by default, saves switches and days per shop, and keeps when each was switched on", async () => {
  const before = (await callRoute(loader, await adminRequest("/app/flow"))) as Page;
  expect(before.triggers.map((row) => [row.handle, row.on])).toEqual([
    ["loyalty-points-earned", false],
    ["loyalty-points-redeemed", false],
    ["loyalty-tier-changed", false],
    ["loyalty-reward-affordable", false],
    ["loyalty-points-expiring", false],
    ["loyalty-member-at-risk", false],
    ["loyalty-birthday-coming", false],
    ["loyalty-referral-completed", false],
  ]);
  expect(before).toMatchObject({ expiringDays: 14, atRiskDays: 120, birthdayDays: 7 });

  const form = { trigger_points_earned: "on", trigger_member_at_risk: "on", trigger_referral_completed: "on", trigger_tier_changed: "", expiringDays: "7", atRiskDays: "90", birthdayDays: "3" };
  const saved = (await callRoute(action, await adminRequest("/app/flow", { form }))) as Response;
  expect(saved.status).toBe(200);
  const first = await getFlowSettings(prisma, TEST_SHOP);
  expect(Object.keys(first.enabledSince).sort()).toEqual(["member_at_risk", "points_earned", "referral_completed"]);
  expect(first).toMatchObject({ expiringDays: 7, atRiskDays: 90, birthdayDays: 3 });
  expect(await prisma.outboxJob.count({ where: { kind: FLOW_DAILY, shop: TEST_SHOP } })).toBe(1);

  // Saving again keeps the time points_earned was switched on; switching one off removes it.
  await callRoute(action, await adminRequest("/app/flow", { form: { ...form, trigger_member_at_risk: "" } }));
  const second = await getFlowSettings(prisma, TEST_SHOP);
  expect(second.enabledSince.points_earned).toEqual(first.enabledSince.points_earned);
  expect(second.enabledSince.member_at_risk).toBeUndefined();
  // A form without the birthday's days keeps the saved ones.
  const { birthdayDays: _omitted, ...withoutBirthday } = form;
  await callRoute(action, await adminRequest("/app/flow", { form: withoutBirthday }));
  expect((await getFlowSettings(prisma, TEST_SHOP)).birthdayDays).toBe(3);

  const other = (await callRoute(loader, await adminRequest("/app/flow", { shop: OTHER_SHOP }))) as Page;
  expect(other.triggers.every((row) => !row.on)).toBe(true);
});

it("refuses days out of range with the field named, and saves nothing", async () => {
  const answer = (await callRoute(action, await adminRequest("/app/flow", { form: { trigger_points_earned: "on", expiringDays: "0", atRiskDays: "90" } }))) as Response;
  expect(answer.status).toBe(400);
  expect(await answer.json()).toEqual({ ok: false, field: "expiringDays" });
  expect(await prisma.flowSettings.count()).toBe(0);
});

it("refuses birthday days out of range (0 to 60) with the field named, and saves nothing", async () => {
  for (const birthdayDays of ["-1", "61", "2.5"]) {
    const answer = (await callRoute(action, await adminRequest("/app/flow", { form: { trigger_birthday_coming: "on", expiringDays: "14", atRiskDays: "90", birthdayDays } }))) as Response;
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ ok: false, field: "birthdayDays" });
  }
  expect(await prisma.flowSettings.count()).toBe(0);
  const saved = (await callRoute(action, await adminRequest("/app/flow", { form: { trigger_birthday_coming: "on", expiringDays: "14", atRiskDays: "90", birthdayDays: "0" } }))) as Response;
  expect(saved.status).toBe(200);
  expect(await getFlowSettings(prisma, TEST_SHOP)).toMatchObject({ birthdayDays: 0, enabledSince: { birthday_coming: expect.any(Date) } });
  expect(await prisma.outboxJob.count({ where: { kind: FLOW_DAILY, shop: TEST_SHOP } })).toBe(1);
});
