/**
 * `devstore:event birth-date` (issue 11, docs/decisions/034-birthdays-and-actions.md): the merchant sets a customer's
 * birth date in the dev store's admin — Shopify's standard customer metafield `facts.birth_date` (type `date`), its
 * definition enabled as the admin's "Birth date" field needs — and the dev store sends the app the signed
 * customers/update Shopify sends. The app's side is its real webhook route and inbox.
 *
 * What the app does with it: customers/update keeps the member's names, email and consent current; the payload
 * carries no metafields (the app's subscription lists no `metafield_namespaces`), and the app never reads
 * `facts.birth_date` back from Shopify, so the member's birthday stays what the member gave (storefront or customer
 * account). The last test states that, so a reading path added later has to change it knowingly.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestDevStore } from "../support/devstore";

const sent: { topic: string; body: string; status: number }[] = [];
const { devstore, shop, origin, close } = await startTestDevStore({
  appFetch: async (request) => {
    const { appRoutes } = await import("../support/app-routes");
    const body = await request.clone().text();
    const response = await appRoutes(request);
    sent.push({ topic: request.headers.get("X-Shopify-Topic") ?? "", body, status: response.status });
    return response;
  },
});
afterAll(() => close());
const { authenticate } = await import("~/shopify.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { saveProgramSettings } = await import("~/loyalty/server/program.server");
const { DEFAULT_PROGRAM_SETTINGS } = await import("~/loyalty/program");
const { prisma } = await import("../support/database");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const CUSTOMER = "3";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;

interface EventAnswer {
  message?: string;
  error?: string;
  deliveries?: { topic: string; state: string }[];
}

async function event(input: Record<string, unknown>): Promise<{ status: number; body: EventAnswer }> {
  const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "birth-date", ...input }),
  });
  return { status: response.status, body: (await response.json()) as EventAnswer };
}

/** What the app reads through the Admin API (the dev store's, validated against the real 2026-10 schema). */
async function birthDateAtShopify(customerGid: string): Promise<{ type: string; value: string } | null> {
  const admin = await adminGraphqlForShop(shop.domain);
  const data = await admin<{ customer: { metafield: { type: string; value: string } | null } | null }>(
    `#graphql
    query CustomerBirthDate($id: ID!) {
      customer(id: $id) {
        metafield(namespace: "facts", key: "birth_date") { type value }
      }
    }`,
    { id: customerGid },
  );
  return data.customer?.metafield ?? null;
}

beforeAll(async () => {
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // The app installed in the dev store (token exchange) and its program live; customer 3 is a member.
  await authenticate.admin(new Request(devstore.appLaunchUrl(shop.domain, "/app"), { headers: { "User-Agent": BROWSER } }));
  await prisma.$transaction((tx) => saveProgramSettings(tx, shop.domain, structuredClone(DEFAULT_PROGRAM_SETTINGS)));
  const paid = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ type: "order-paid", customer: CUSTOMER, items: 1 }),
  });
  expect(paid.status).toBe(200);
});

describe("devstore:event birth-date", () => {
  it("sets facts.birth_date as the admin does (definition enabled, a date metafield) and sends customers/update", async () => {
    expect(shop.admin.metafieldDefinitions.has("CUSTOMER facts.birth_date")).toBe(false);
    sent.length = 0;
    const { status, body } = await event({ customer: CUSTOMER, date: "1990-04-12" });
    expect(status, body.error).toBe(200);
    expect(body.message).toMatch(/^Customer 3's birth date \(facts\.birth_date\) set to 1990-04-12 — webhooks: customers\/update delivered$/);
    expect(body.deliveries?.map((d) => [d.topic, d.state])).toEqual([["customers/update", "delivered"]]);

    // Shopify's side: the standard definition (type date) and the customer's metafield, read as the app would read it.
    expect(shop.admin.metafieldDefinitions.get("CUSTOMER facts.birth_date")).toMatchObject({ type: "date", name: "Birth date" });
    expect(await birthDateAtShopify(CUSTOMER_GID)).toEqual({ type: "date", value: "1990-04-12" });

    // The webhook: signed, accepted by the app's route, Shopify's customers/update shape for this customer.
    expect(sent.map((s) => [s.topic, s.status])).toEqual([["customers/update", 200]]);
    const payload = JSON.parse(sent[0]?.body ?? "{}") as Record<string, unknown>;
    expect(payload).toMatchObject({ admin_graphql_api_id: CUSTOMER_GID, id: Number(CUSTOMER) });
    // No metafields in it: the app's subscription asks for none.
    expect(payload).not.toHaveProperty("metafields");
    expect(sent[0]?.body).not.toContain("1990-04-12");

    // A second edit replaces the value, and enabling the definition again is harmless.
    const again = await event({ customer: CUSTOMER, date: "1990-04-13" });
    expect(again.status, again.body.error).toBe(200);
    expect(await birthDateAtShopify(CUSTOMER_GID)).toEqual({ type: "date", value: "1990-04-13" });
    expect([...shop.admin.metafieldDefinitions.keys()].filter((key) => key === "CUSTOMER facts.birth_date")).toHaveLength(1);
  });

  it("refuses a day that is not a date, a missing date or an unknown customer: nothing stored, nothing sent", async () => {
    const deliveries = shop.deliveries.length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ customer: CUSTOMER, date: "1990-02-30" }, /--date takes a day as YYYY-MM-DD, not "1990-02-30"/],
      [{ customer: CUSTOMER, date: "12/04/1990" }, /--date takes a day as YYYY-MM-DD/],
      [{ customer: CUSTOMER }, /birth-date needs --date YYYY-MM-DD/],
      [{ customer: "999999", date: "1990-04-12" }, /No customer 999999/],
      [{ customer: "ann", date: "1990-04-12" }, /--customer takes a customer number/],
    ];
    for (const [input, error] of cases) {
      const { status, body } = await event(input);
      expect(status).toBe(400);
      expect(body.error).toMatch(error);
    }
    expect(await birthDateAtShopify(CUSTOMER_GID)).toEqual({ type: "date", value: "1990-04-13" });
    expect(shop.admin.metafield("gid://shopify/Customer/999999", "facts", "birth_date")).toBeUndefined();
    expect(shop.deliveries.length).toBe(deliveries);
  });

  it("reaches the app as a customer update it records, but the app does not read the birth date from Shopify", async () => {
    const member = await prisma.member.findFirstOrThrow({ where: { shop: shop.domain, customerGid: CUSTOMER_GID } });
    const profile = await prisma.memberProfile.findUniqueOrThrow({ where: { memberId: member.id } });
    // The update was applied (its time kept, for ordering later ones)...
    expect(profile.customerUpdatedAt).toBeInstanceOf(Date);
    // ...and the birthday the app knows is still none: it comes only from the member (storefront, customer account).
    expect(profile).toMatchObject({ birthMonth: null, birthDay: null });
  });
});
