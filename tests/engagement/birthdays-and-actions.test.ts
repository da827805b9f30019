/**
 * Birthdays, anniversaries and actions (issue 11, docs/decisions/034-birthdays-and-actions.md) through the real
 * routes, signed as Shopify signs them, a real SQLite database and the faithful fake Admin API:
 * - the storefront's birthday form (app proxy) and the customer account's: stored, mirrored to the customer's
 *   metafields, bad input refused with a field error and nothing written, a second change within a year refused;
 * - the daily job pays on the shop's day, once per member per year (job run twice → one entry; Feb 29 on Feb 28);
 *   anniversaries;
 * - customers/update: names and email kept current, the newsletter bonus once when consent becomes subscribed
 *   (delivered twice → one entry), an older delivery ignored;
 * - social follow: credited after the wait, once per network; the profile bonus once complete;
 * - GDPR: the birthday in data_request, erased on customers/redact.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { runDueJobs } from "~/loyalty/server/outbox.server";
import { saveEngagementSettings } from "~/loyalty/server/engagement-settings.server";
import { payDailyBonuses } from "~/loyalty/server/birthdays.server";
import { action as birthdayAction, loader as birthdayLoader } from "~/routes/proxy.birthday";
import { action as followAction } from "~/routes/proxy.follow";
import { action as accountBirthday } from "~/routes/customer-account.birthday";
import { action as customersUpdate } from "~/routes/webhooks.customers.update";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as redact } from "~/routes/webhooks.customers.redact";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { withSafeNumbers } from "~/loyalty/safe-integer";
import { proxyRequest, type ProxyRequestOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const CUSTOMER_ID = "706405506930370084"; // Shopify's example customer (Bob Biller)
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;

type Json = Record<string, unknown>;
type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

async function call(handler: Handler, request: Request) {
  try {
    const response = await handler({ request, params: {}, context: {} });
    return { status: response.status, body: (await response.json().catch(() => null)) as Json };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null };
    throw thrown;
  }
}

const postBirthday = (body: unknown, options: ProxyRequestOptions = {}) =>
  call(birthdayAction, proxyRequest("birthday", { customerId: CUSTOMER_ID, method: "POST", body, ...options }));

const settings = (patch: Json = {}) => ({
  birthdayPoints: 200,
  anniversaryPoints: 0,
  newsletter: { points: 100, cap: 1 },
  profile: { points: 50 },
  social: { points: 25, cap: 1, networks: { instagram: "https://instagram.com/shop" } },
  ...patch,
});

async function member() {
  return withSafeNumbers(await prisma.member.findUniqueOrThrow({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: CUSTOMER_GID } } }));
}

async function entries(type?: string) {
  return (await prisma.ledgerEntry.findMany({ where: type ? { type } : {}, orderBy: { createdAt: "asc" } })).map(withSafeNumbers);
}

const handlers = () => createJobHandlers(prisma, adminGraphqlForShop);

function updatedCustomer(patch: Json = {}): Json {
  const customer = webhookExample<Json>("customers/update");
  customer.id = exactId(CUSTOMER_ID);
  return { ...customer, updated_at: new Date().toISOString(), ...patch };
}

const subscribed = (at = new Date()) => ({ email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: at.toISOString() } });

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the storefront's birthday form (signed app proxy)", () => {
  it("stores the birthday and writes it to facts.birth_date and the app's own metafield", async () => {
    const answer = await postBirthday({ month: 12, day: 24, year: 1990 });
    expect(answer).toMatchObject({ status: 200, body: { birthday: { month: 12, day: 24, year: 1990 }, changed: true } });
    await runDueJobs(prisma, handlers(), { now: new Date() });
    const values = Object.fromEntries(fake.metafieldsFor(CUSTOMER_GID).map((m) => [`${m.namespace}.${m.key}`, m.value]));
    expect(values["facts.birth_date"]).toBe("1990-12-24");
    expect(Object.entries(values).find(([key]) => key.endsWith(".birthday"))?.[1]).toBe("--12-24");
    // A GET reads it back, with what the shop offers.
    const read = await call(birthdayLoader, proxyRequest("birthday", { customerId: CUSTOMER_ID }));
    expect(read.body).toMatchObject({ birthday: { month: 12, day: 24, year: 1990 }, birthdayPoints: 0 });
  });

  it("keeps a year-less birthday in the app's own metafield only", async () => {
    expect((await postBirthday({ month: 2, day: 29 })).status).toBe(200);
    await runDueJobs(prisma, handlers(), { now: new Date() });
    const keys = fake.metafieldsFor(CUSTOMER_GID).map((m) => m.key);
    expect(keys).toContain("birthday");
    expect(keys).not.toContain("birth_date");
  });

  it("refuses Feb 30, a future date and a second change within a year, each with its field, writing nothing", async () => {
    expect(await postBirthday({ month: 2, day: 30 })).toMatchObject({ status: 400, body: { code: "INVALID_INPUT", fieldErrors: { day: expect.any(String) } } });
    expect(await postBirthday({ month: 1, day: 1, year: new Date().getUTCFullYear() + 1 })).toMatchObject({ status: 400, body: { fieldErrors: { year: expect.any(String) } } });
    expect(await postBirthday({ month: "twelve", day: 1 })).toMatchObject({ status: 400, body: { fieldErrors: { month: expect.any(String) } } });
    expect(await prisma.memberProfile.count()).toBe(0);
    expect(await prisma.outboxJob.count({ where: { kind: "sync-birthday" } })).toBe(0);

    expect((await postBirthday({ month: 5, day: 4 })).status).toBe(200);
    // The same date again is no change.
    expect(await postBirthday({ month: 5, day: 4 })).toMatchObject({ status: 200, body: { changed: false } });
    const refused = await postBirthday({ month: 5, day: 5 });
    expect(refused).toMatchObject({ status: 400, body: { fieldErrors: { birthday: expect.stringContaining("once a year") } } });
    expect(await prisma.memberProfile.findFirstOrThrow()).toMatchObject({ birthMonth: 5, birthDay: 4 });
  });

  it("trusts only Shopify's signature and the signed customer", async () => {
    expect((await postBirthday({ month: 5, day: 4 }, { secret: "not-the-secret" })).status).toBe(400);
    expect((await postBirthday({ month: 5, day: 4 }, { customerId: "" })).status).toBe(401);
    expect(await prisma.memberProfile.count()).toBe(0);
  });
});

describe("the customer account's birthday (session token)", () => {
  function token(sub = CUSTOMER_GID, secret = TEST_API_SECRET) {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, secret);
  }
  const request = (body: unknown, bearer = token()) =>
    new Request(`${TEST_APP_URL}/customer-account/birthday`, {
      method: "POST",
      headers: { Origin: "null", Authorization: `Bearer ${bearer}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  it("sets the token's customer's birthday, refuses a bad date and a forged token", async () => {
    expect(await call(accountBirthday, request({ month: 4, day: 31 }))).toMatchObject({ status: 400, body: { fieldErrors: { day: expect.any(String) } } });
    expect((await call(accountBirthday, request({ month: 4, day: 30 }, token(CUSTOMER_GID, "forged")))).status).toBe(401);
    expect(await call(accountBirthday, request({ month: 4, day: 30 }))).toMatchObject({ status: 200, body: { birthday: { month: 4, day: 30, year: null } } });
  });
});

describe("the daily birthday job", () => {
  it("pays on the shop's day, once per member per year, however often it runs", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ profile: { points: 0 } }), new Date());
    expect((await postBirthday({ month: 3, day: 1 })).status).toBe(200);
    const program = await prisma.program.update({ where: { shop: TEST_SHOP }, data: { timezone: "America/New_York" } });
    expect(program.timezone).toBe("America/New_York");
    // Feb 28 23:30 in New York: not yet.
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-03-01T04:30:00Z"))).birthdays).toBe(0);
    // Mar 1 in New York: paid, once, even when the run repeats or the day is paid again.
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-03-01T05:30:00Z"))).birthdays).toBe(1);
    await prisma.engagementSettings.update({ where: { shop: TEST_SHOP }, data: { lastBonusDay: null } });
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-03-01T23:00:00Z"))).birthdays).toBe(0);
    const paid = await entries("birthday");
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ points: 200, explanation: "Birthday bonus 2027: 200 pts", idempotencyKey: `birthday:${(await member()).id}:2027` });
    expect(JSON.parse(paid[0]?.breakdown ?? "{}")).toMatchObject({ reason: "birthday", year: 2027 });
    expect((await member()).balance).toBe(200);
  });

  it("runs through the outbox: the job twice is one entry, and it reschedules itself for the next shop day", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ profile: { points: 0 } }), new Date("2027-06-10T12:00:00Z"));
    await postBirthday({ month: 6, day: 10 });
    await runDueJobs(prisma, handlers(), { now: new Date("2027-06-10T12:00:00Z") });
    const job = await prisma.outboxJob.findFirstOrThrow({ where: { kind: "birthday-daily" } });
    expect(job.runAfter.toISOString()).toBe("2027-06-11T00:00:00.000Z");
    // Forced to run again the same day: nothing more.
    await prisma.outboxJob.update({ where: { id: job.id }, data: { runAfter: new Date("2027-06-10T13:00:00Z") } });
    await prisma.engagementSettings.update({ where: { shop: TEST_SHOP }, data: { lastBonusDay: null } });
    await runDueJobs(prisma, handlers(), { now: new Date("2027-06-10T13:00:00Z") });
    expect(await entries("birthday")).toHaveLength(1);
  });

  it("pays a Feb 29 birthday on Feb 28 in a non-leap year, and catches up days a stopped worker missed", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ profile: { points: 0 } }), new Date());
    await postBirthday({ month: 2, day: 29 });
    await prisma.engagementSettings.update({ where: { shop: TEST_SHOP }, data: { lastBonusDay: "2027-02-26" } });
    const run = await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-03-02T12:00:00Z"));
    expect(run.days).toEqual(["2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02"]);
    expect(run.birthdays).toBe(1);
    expect((await entries("birthday"))[0]?.explanation).toBe("Birthday bonus 2027: 200 pts");
  });

  it("pays the membership anniversary from the first year on", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ birthdayPoints: 0, anniversaryPoints: 75, profile: { points: 0 } }), new Date());
    await postBirthday({ month: 1, day: 2 }); // makes the member
    await prisma.member.updateMany({ data: { createdAt: new Date("2025-07-04T15:00:00Z") } });
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2026-07-04T15:00:00Z"))).anniversaries).toBe(1);
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2026-07-04T18:00:00Z"))).anniversaries).toBe(0);
    const [entry] = await entries("birthday");
    expect(entry).toMatchObject({ points: 75, explanation: "Membership anniversary 2026 (1 year): 75 pts" });
    expect(JSON.parse(entry?.breakdown ?? "{}")).toMatchObject({ reason: "anniversary", years: 1 });
  });

  it("pays nothing while the program is paused, and stops when both bonuses are off", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings(), new Date());
    await postBirthday({ month: 8, day: 8 });
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { status: "paused" } });
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-08-08T12:00:00Z"))).birthdays).toBe(0);
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ birthdayPoints: 0 }), new Date());
    expect((await payDailyBonuses(prisma, TEST_SHOP, new Date("2027-08-09T12:00:00Z"))).on).toBe(false);
  });
});

describe("customers/update and the newsletter bonus", () => {
  const send = (payload: Json, options: Parameters<typeof webhookRequest>[2] = {}) => deliver(customersUpdate, webhookRequest("customers/update", toRawJson(payload), options));

  it("pays once when consent becomes subscribed, however often it is delivered, and keeps name and email current", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ profile: { points: 0 } }), new Date());
    expect((await send(updatedCustomer({ email_marketing_consent: { state: "not_subscribed", consent_updated_at: null } }))).status).toBe(200);
    const payload = updatedCustomer({ first_name: "Robert", ...subscribed() });
    const webhookId = randomUUID();
    expect((await send(payload, { webhookId })).status).toBe(200);
    expect((await send(payload, { webhookId })).status).toBe(200);
    expect((await send({ ...payload, updated_at: new Date(Date.now() + 1000).toISOString() })).status).toBe(200);
    const paid = await entries("action");
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ points: 100, explanation: "Newsletter signup: 100 pts" });
    expect(await member()).toMatchObject({ displayName: "Robert Biller", email: "bob@biller.com", balance: 100 });
  });

  it("refuses a second subscription over the cap, and ignores an update older than the one applied", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ profile: { points: 0 } }), new Date());
    const t = Date.now();
    await send(updatedCustomer({ updated_at: new Date(t).toISOString(), ...subscribed(new Date(t)) }));
    await send(updatedCustomer({ updated_at: new Date(t + 1000).toISOString(), email_marketing_consent: { state: "unsubscribed", consent_updated_at: new Date(t + 1000).toISOString() } }));
    await send(updatedCustomer({ updated_at: new Date(t + 2000).toISOString(), ...subscribed(new Date(t + 2000)) }));
    expect(await entries("action")).toHaveLength(1);
    await send(updatedCustomer({ updated_at: new Date(t - 60_000).toISOString(), first_name: "Old" }));
    expect((await member()).displayName).toBe("Bob Biller");
  });

  it("refuses a forged delivery, writing nothing", async () => {
    const response = await send(updatedCustomer(subscribed()), { secret: "forged" });
    expect(response.status).toBe(401);
    expect(await prisma.member.count()).toBe(0);
  });

  it("pays the profile bonus once the names, email and birthday are all known", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ newsletter: { points: 0, cap: 1 } }), new Date());
    await postBirthday({ month: 9, day: 9 });
    expect(await entries("action")).toHaveLength(0); // no name or email yet
    await send(updatedCustomer());
    await send(updatedCustomer({ updated_at: new Date(Date.now() + 5000).toISOString(), last_name: "Biller-Jones" }));
    const paid = await entries("action");
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ points: 50, explanation: "Profile completed: 50 pts", idempotencyKey: `action:profile:${(await member()).id}` });
  });
});

describe("social follow (honour system)", () => {
  const follow = (network: string) => call(followAction, proxyRequest("follow", { customerId: CUSTOMER_ID, method: "POST", body: { network } }));

  it("credits once per network after the wait, and refuses with the reason otherwise", async () => {
    await saveEngagementSettings(prisma, TEST_SHOP, settings({ birthdayPoints: 0, profile: { points: 0 } }), new Date());
    const now = new Date();
    const clicked = await follow("instagram");
    expect(clicked).toMatchObject({ status: 200, body: { network: "instagram", url: "https://instagram.com/shop", points: 25 } });
    expect(await follow("instagram")).toMatchObject({ status: 409, body: { code: "NOT_ELIGIBLE", fieldErrors: { network: "ALREADY_PENDING" } } });
    expect(await follow("facebook")).toMatchObject({ status: 409, body: { fieldErrors: { network: "UNKNOWN_NETWORK" } } });
    await runDueJobs(prisma, handlers(), { now });
    expect(await entries("action")).toHaveLength(0);
    await runDueJobs(prisma, handlers(), { now: new Date(now.getTime() + 61_000) });
    const paid = await entries("action");
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ points: 25, explanation: "Followed on Instagram: 25 pts" });
    expect(JSON.parse(paid[0]?.breakdown ?? "{}")).toMatchObject({ reason: "social", network: "instagram" });
    expect(await follow("instagram")).toMatchObject({ status: 409, body: { fieldErrors: { network: "ALREADY_EARNED" } } });
  });
});

describe("privacy", () => {
  const compliance = (topic: string, action: typeof redact) => {
    const body = webhookExample<Json>(topic);
    (body.customer as Json).id = exactId(CUSTOMER_ID);
    body.shop_domain = TEST_SHOP;
    return deliver(action, webhookRequest(topic, toRawJson(body)));
  };

  it("exports the birthday on customers/data_request and erases it on customers/redact", async () => {
    await postBirthday({ month: 12, day: 24, year: 1990 });
    expect((await compliance("customers/data_request", dataRequest)).status).toBe(200);
    const exported = JSON.parse((await prisma.dataRequest.findFirstOrThrow()).export) as Json;
    expect(exported.profile).toMatchObject({ birthday: { month: 12, day: 24, year: 1990 } });
    expect((await compliance("customers/redact", redact)).status).toBe(200);
    expect(await prisma.memberProfile.count()).toBe(0);
  });
});
