/**
 * The whole loop through the dev store, with nothing faked on the app's side: the app is authorized by token
 * exchange, an order is paid in the dev store, the app awards it at a product-type rate using product data it reads
 * from the dev store's catalog (Admin API over HTTP), syncs the customer's metafields to the dev store, and the dev
 * store's storefront renders the balance from those metafields; the block's `/apps/loyalty/*` requests reach the
 * app's real proxy route, signed as Shopify signs them, with the signed-in customer.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { proxySignature } from "../../devstore/signing";
import { startTestDevStore } from "../support/devstore";
import { TEST_API_SECRET } from "../support/test-env";

const forwarded: URL[] = [];
const { devstore, shop, origin, close } = await startTestDevStore({
  appFetch: async (request) => {
    if (new URL(request.url).pathname.startsWith("/proxy/")) forwarded.push(new URL(request.url));
    return (await import("../support/app-routes")).appRoutes(request);
  },
});
afterAll(() => close());
const { authenticate } = await import("~/shopify.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { saveProgramSettings } = await import("~/loyalty/server/program.server");
const { DEFAULT_PROGRAM_SETTINGS } = await import("~/loyalty/program");
const { prisma } = await import("../support/database");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const CUSTOMER = "3";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER}`;

async function event(input: Record<string, unknown>) {
  const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { order: { id: string } };
}

async function runJobs() {
  // The webhook routes stamp jobs with the real time: run what is due a moment later.
  return runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: new Date(Date.now() + 1000) });
}

describe("order → points → metafields → storefront, through the dev store", () => {
  let cookie = "";

  it("awards at the product-type rate from the dev store's catalog and syncs the metafields to it", async () => {
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    await authenticate.admin(new Request(devstore.appLaunchUrl(shop.domain, "/app"), { headers: { "User-Agent": BROWSER } }));
    await prisma.$transaction((tx) =>
      saveProgramSettings(tx, shop.domain, {
        ...structuredClone(DEFAULT_PROGRAM_SETTINGS),
        productTypeRates: [{ productType: "Snowboards", rateMilli: 3000 }],
      }),
    );

    // A snowboard (Snowboards, 3 pts/$) and two waxes (base rate): the app needs the product types first.
    const { order } = await event({ type: "order-paid", customer: CUSTOMER, products: "103:1,106:2" });
    await runJobs(); // award-order: ProductsForEarning from the dev store
    await runJobs(); // sync-metafields: metafieldsSet on the dev store

    const earn = await prisma.ledgerEntry.findFirstOrThrow({ where: { shop: shop.domain, orderGid: `gid://shopify/Order/${order.id}` } });
    expect(earn.points).toBe(BigInt(249 * 3 + 29)); // floor(747 + 29.98)
    expect(earn.explanation).toContain("Snowboards");
    const names = shop.endpoint.operations.filter((o) => o.outcome === "ok").map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(["ProductsForEarning", "SetLoyaltyMetafields"]));
    expect(shop.endpoint.operations.filter((o) => o.outcome === "invalid")).toEqual([]);
    const balance = shop.admin.metafieldsFor(CUSTOMER_GID).find((m) => m.key === "points_balance");
    expect(balance).toMatchObject({ namespace: "app--1234567", type: "number_integer", value: String(earn.points) });
  });

  it("renders the signed-in customer's balance and tier from those metafields", async () => {
    const response = await fetch(`${origin}/storefront?shop=${shop.domain}&customer=${CUSTOMER}`);
    expect(response.status).toBe(200);
    cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const html = await response.text();
    expect(html).toMatch(/data-lr-balance>\s*776\s*</);
    expect(html).toContain("Signed in as <b>Mia Dubois</b>");
    expect(html).toContain('data-lr-proxy="/apps/loyalty"');
  });

  it("forwards /apps/loyalty/* to the app's proxy route, signed, with the signed-in customer", async () => {
    // A customer id in the query string is the shopper's word: Shopify overwrites it with the session's.
    const response = await fetch(`${origin}/apps/loyalty/account?logged_in_customer_id=5`, { headers: { Cookie: cookie, Accept: "application/json" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ member: { balance: 776 } });

    const url = forwarded.at(-1);
    expect(url?.pathname).toBe("/proxy/account");
    expect(url?.searchParams.get("logged_in_customer_id")).toBe(CUSTOMER);
    expect(url?.searchParams.get("shop")).toBe(shop.domain);
    expect(url?.searchParams.get("path_prefix")).toBe("/apps/loyalty");
    expect(url?.searchParams.get("signature")).toBe(proxySignature(url?.searchParams ?? new URLSearchParams(), TEST_API_SECRET));
  });

  it("forwards a guest with an empty logged_in_customer_id, which the app answers 401", async () => {
    const guest = await fetch(`${origin}/storefront?shop=${shop.domain}&customer=guest`);
    const guestCookie = (guest.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(await guest.text()).not.toContain("data-lr-balance");

    const response = await fetch(`${origin}/apps/loyalty/account`, { headers: { Cookie: guestCookie } });
    expect(response.status).toBe(401);
    expect(forwarded.at(-1)?.searchParams.get("logged_in_customer_id")).toBe("");
  });
});
