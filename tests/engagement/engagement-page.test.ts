/**
 * The Badges & challenges page (/app/engagement) through the real route with a signed admin session token: saves
 * with field errors that write nothing, holders and completion counts, removal that archives what members hold,
 * and every shop sees only its own.
 */
import { beforeEach, expect, it, vi } from "vitest";
import { addDays, localDateOf } from "~/loyalty/reports/calendar";
import { action, loader } from "~/routes/app.engagement";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

type Page = Awaited<ReturnType<typeof loader>>;
const today = () => localDateOf(new Date(), "UTC");
const post = async (form: Record<string, string>, shop?: string) => {
  const response = (await callRoute(action, await adminRequest("/app/engagement", { form, shop }))) as Response;
  return { status: response.status, body: (await response.json()) as { ok: boolean; errors?: Record<string, { key: string }>; outcome?: string } };
};
const badge = { intent: "saveBadge", name: "Explorer", icon: "leaf", bonusPoints: "25", criteriaKind: "product_types", criteriaCount: "3" };
const challenge = () => ({ intent: "saveChallenge", name: "Holiday duo", startsOn: today(), endsOn: addDays(today(), 20), rewardPoints: "200", goalKind: "orders", goalCount: "2" });

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

it("refuses contradictory rules with field errors and writes nothing", async () => {
  expect(await post({ ...badge, criteriaCount: "0", name: "" })).toEqual({
    status: 400,
    body: { ok: false, intent: "saveBadge", errors: { name: { key: "nameLength", values: { max: 60 } }, "criteria.count": { key: "countRange", values: { max: 1000 } } } },
  });
  expect(await post({ ...challenge(), startsOn: addDays(today(), 5), endsOn: addDays(today(), 2) })).toMatchObject({ status: 400, body: { errors: { endsOn: { key: "endBeforeStart" } } } });
  expect(await post({ ...challenge(), goalKind: "tier", goalTierId: "x" })).toMatchObject({ status: 400, body: { errors: { "goal.tierId": { key: "tierUnknown" } } } });
  expect(await post({ ...challenge(), goalKind: "spend", goalAmount: "0" })).toMatchObject({ status: 400, body: { errors: { "goal.amount": { key: "amountRange" } } } });
  expect(await post({ intent: "nope" })).toMatchObject({ status: 400 });
  expect(await prisma.badge.count()).toBe(0);
  expect(await prisma.challenge.count()).toBe(0);
});

it("saves, counts holders and completions, archives what members hold, per shop", async () => {
  expect(await post(badge)).toMatchObject({ status: 200, body: { ok: true, outcome: "created" } });
  expect(await post({ ...challenge(), goalKind: "spend", goalAmount: "49,99" })).toMatchObject({ status: 200 });
  const page = (await callRoute(loader, await adminRequest("/app/engagement"))) as Page;
  expect(page.badges).toEqual([expect.objectContaining({ name: "Explorer", icon: "leaf", bonusPoints: 25, criteria: { kind: "product_types", count: 3 }, holders: 0 })]);
  expect(page.challenges).toEqual([expect.objectContaining({ name: "Holiday duo", goal: { kind: "spend", amountMinor: 4999 }, status: "active", joined: 0, completed: 0 })]);

  const member = await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: "gid://shopify/Customer/1" } });
  const [badgeRow] = page.badges;
  const [challengeRow] = page.challenges;
  await prisma.memberBadge.create({ data: { shop: TEST_SHOP, memberId: member.id, badgeId: badgeRow?.id ?? "", earnedAt: new Date() } });
  await prisma.challengeMember.create({ data: { shop: TEST_SHOP, memberId: member.id, challengeId: challengeRow?.id ?? "", joinedAt: new Date(), goal: 4999, progress: 4999, completedAt: new Date() } });
  const counted = (await callRoute(loader, await adminRequest("/app/engagement"))) as Page;
  expect(counted.badges[0]?.holders).toBe(1);
  expect(counted.challenges[0]).toMatchObject({ joined: 1, completed: 1 });

  // Held: archived, not deleted; the holder keeps it.
  expect(await post({ intent: "removeBadge", id: badgeRow?.id ?? "" })).toMatchObject({ status: 200, body: { outcome: "archived" } });
  expect(await prisma.memberBadge.count()).toBe(1);
  expect(await post({ intent: "removeChallenge", id: challengeRow?.id ?? "" })).toMatchObject({ status: 200, body: { outcome: "archived" } });
  // Another shop cannot see, change or remove them.
  const other = "other-shop.myshopify.com";
  expect(((await callRoute(loader, await adminRequest("/app/engagement", { shop: other }))) as Page).badges).toEqual([]);
  expect(await post({ ...badge, id: badgeRow?.id ?? "" }, other)).toMatchObject({ status: 400, body: { errors: { id: { key: "notFound" } } } });
  expect(await post({ intent: "removeBadge", id: badgeRow?.id ?? "" }, other)).toMatchObject({ status: 404 });
  // Nobody holds a new one: deleted.
  await post({ ...badge, name: "Unused" });
  const unused = await prisma.badge.findFirstOrThrow({ where: { name: "Unused" } });
  expect(await post({ intent: "removeBadge", id: unused.id })).toMatchObject({ body: { outcome: "deleted" } });
  expect(await prisma.badge.count()).toBe(1);
});
