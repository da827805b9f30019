/**
 * Referrals through the dev store, nothing faked on the app's side (issue 11): the referrer's link from the app
 * proxy; the friend opens it (`/?ref=` lands on the storefront with the code), claims the friend code through the
 * proxy as a guest (signed by the dev store as Shopify signs it; the discount created in the dev store's Admin API),
 * sets the `_loyalty_referral` cart attribute with `/cart/update.js`, signs up and checks out with the code; the
 * order carries the attribute and the code; the app decides it in its outbox: the referrer's points are pending, and
 * vest once the window has passed. The `referral-order` event places a referred order from the command line.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { startTestDevStore } from "../support/devstore";

const { devstore, shop, origin, close } = await startTestDevStore();
afterAll(() => close());
const { authenticate } = await import("~/shopify.server");
const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
const { createJobHandlers } = await import("~/loyalty/server/jobs.server");
const { runDueJobs } = await import("~/loyalty/server/outbox.server");
const { saveReferralSettings } = await import("~/loyalty/server/referrals.server");
const { DEFAULT_REFERRAL_SETTINGS } = await import("~/loyalty/referrals");
const { saveProgramSettings } = await import("~/loyalty/server/program.server");
const { DEFAULT_PROGRAM_SETTINGS } = await import("~/loyalty/program");
const { prisma } = await import("../support/database");

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const REFERRER = "3";
const DAY = 24 * 60 * 60 * 1000;

async function event(input: Record<string, unknown>) {
  const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { message?: string; error?: string; order: { id: string; number: number } | null };
  expect(response.status, body.error).toBe(200);
  return body;
}

async function runJobs(at = new Date(Date.now() + 1000)) {
  // Twice: the award's follow-up jobs (the referral decision) are queued by the first round.
  const first = await runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: at, limit: 500 });
  const second = await runDueJobs(prisma, createJobHandlers(prisma, adminGraphqlForShop), { now: at, limit: 500 });
  expect(first.dead + second.dead).toBe(0);
}

const cookieOf = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith(`${name}=`)) ?? "";

async function referrerMember() {
  return prisma.member.findFirstOrThrow({ where: { shop: shop.domain, customerGid: `gid://shopify/Customer/${REFERRER}` } });
}

describe("referrals through the dev store", () => {
  let code = "";

  it("gives the signed-in referrer a link and code through the app proxy", async () => {
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    await authenticate.admin(new Request(devstore.appLaunchUrl(shop.domain, "/app"), { headers: { "User-Agent": BROWSER } }));
    await saveReferralSettings(prisma, shop.domain, { ...DEFAULT_REFERRAL_SETTINGS, enabled: true, referrerPoints: 250, pendingDays: 30 }, new Date());
    // The program goes live (a new install starts as a draft that awards nothing).
    await prisma.$transaction((tx) => saveProgramSettings(tx, shop.domain, structuredClone(DEFAULT_PROGRAM_SETTINGS)));
    await event({ type: "order-paid", customer: REFERRER, items: 1 });
    await runJobs();

    const page = await fetch(`${origin}/storefront?shop=${shop.domain}&customer=${REFERRER}`);
    const session = cookieOf(page, "devstore_customer");
    expect(await page.text()).toContain("data-lref-member");
    const response = await fetch(`${origin}/apps/loyalty/referral`, { headers: { Cookie: session, Accept: "application/json" } });
    expect(response.status).toBe(200);
    const { referral } = (await response.json()) as { referral: { code: string; link: string; referrerPoints: number } };
    expect(referral.link).toBe(`https://${shop.domain}/?ref=${referral.code}`);
    expect(referral.referrerPoints).toBe(250);
    code = referral.code;
  });

  it("lets a friend open the link, claim the code, keep the referral in the cart and buy with it: points pending, then vested", async () => {
    // The link: the storefront, with the code for the script.
    const landing = await fetch(`${origin}/?ref=${code}&shop=${shop.domain}`, { redirect: "manual" });
    expect(landing.status).toBe(303);
    const storefront = landing.headers.get("location") ?? "";
    expect(storefront).toBe(`/storefront?shop=${shop.domain}&ref=${code}`);
    const guestPage = await fetch(`${origin}${storefront}&customer=guest`);
    const guest = cookieOf(guestPage, "devstore_customer");
    expect(await guestPage.text()).toContain("loyalty-referrals.js");

    // What loyalty-referrals.js does: claim the friend code (a guest), then set the cart attribute.
    const claim = await fetch(`${origin}/apps/loyalty/referral`, {
      method: "POST",
      headers: { Cookie: guest, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ ref: code, clickKey: "0123456789abcdef0123456789abcdef" }),
    });
    expect(claim.status).toBe(200);
    const issued = (await claim.json()) as { status: string; code: string; minimumOrderMinor: number };
    expect(issued).toMatchObject({ status: "issued", minimumOrderMinor: DEFAULT_REFERRAL_SETTINGS.friendMinimumOrderMinor });
    const discount = [...shop.admin.discounts.values()].find((d) => d.code === issued.code);
    expect(discount).toBeDefined();

    const cartUpdate = await fetch(`${origin}/cart/update.js`, {
      method: "POST",
      headers: { Cookie: guest, "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: { _loyalty_referral: code } }),
    });
    expect(cartUpdate.status).toBe(200);
    const cart = cookieOf(cartUpdate, "devstore_cart");
    expect(cart).not.toBe("");
    const cartJs = await fetch(`${origin}/cart.js`, { headers: { Cookie: `${guest}; ${cart}` } });
    expect(await cartJs.json()).toMatchObject({ attributes: { _loyalty_referral: code } });

    // The friend signs up (a new customer: no earlier orders) and checks out with the code, the cart kept.
    const signUp = await fetch(`${origin}/account/register`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: guest, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ shop: shop.domain, firstName: "Jo", lastName: "Friend", email: "jo.friend@example.com" }).toString(),
    });
    expect(signUp.status).toBe(303);
    const friend = cookieOf(signUp, "devstore_customer");
    const checkout = await fetch(`${origin}/cart/checkout`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: `${friend}; ${cart}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["shop", shop.domain], ["products", "103:1"], ["code", issued.code]]).toString(),
    });
    expect(checkout.status).toBe(303);
    expect(checkout.headers.get("location")).toMatch(/^\/checkout\/thank-you\/\d+/);
    // Shopify empties the cart after checkout.
    expect(checkout.headers.getSetCookie().some((c) => c.startsWith("devstore_cart=;"))).toBe(true);
    const order = [...shop.orders.values()].at(-1);
    expect(order?.attributes).toEqual([{ name: "_loyalty_referral", value: code }]);
    expect(order?.discount?.code).toBe(issued.code);

    await runJobs();
    const referral = await prisma.referral.findFirstOrThrow({ where: { shop: shop.domain, friendCode: issued.code } });
    expect(referral.status, referral.reason ?? "").toBe("pending");
    expect(referral.orderGid).toBe(`gid://shopify/Order/${order?.id}`);
    const member = await referrerMember();
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id, type: "referral" } });
    expect(entry.points).toBe(250n);
    expect(entry.vestsAt?.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);

    // The window passes (the dev store's clock moved on): the vest job approves it.
    await event({ type: "clock", advance: "31d" });
    await runJobs(new Date(Date.now() + 31 * DAY));
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("approved");
    await event({ type: "clock", reset: true });
  });

  it("places a referred order from the command line with the referrer's code as the cart attribute", async () => {
    await event({ type: "customer-create", firstName: "Sam", lastName: "Second", email: "sam.second@example.com" });
    const friendId = [...shop.admin.customers.values()].at(-1)?.id.split("/").pop();
    const placed = await event({ type: "referral-order", customer: friendId, ref: code.toLowerCase(), browserIp: "203.0.113.9", products: "103:1" });
    expect(placed.message).toMatch(/^Referred order #\d+ placed and paid \(referrer [0-9A-Z]+\)/);
    const order = shop.orders.get(placed.order?.id ?? "");
    expect(order?.attributes).toEqual([{ name: "_loyalty_referral", value: code }]);
    expect(order?.browserIp).toBe("203.0.113.9");
    await runJobs();
    const referral = await prisma.referral.findFirstOrThrow({ where: { shop: shop.domain, orderGid: `gid://shopify/Order/${placed.order?.id}` } });
    expect(referral.status, referral.reason ?? "").toBe("pending");
  });

  it("refuses a referral-order without a code or a referrer, and a malformed IP, placing nothing", async () => {
    const before = shop.orders.size;
    for (const input of [{ customer: "3" }, { customer: "3", ref: code, browserIp: "not-an-ip" }, { customer: "x", ref: code }]) {
      const response = await fetch(`${origin}/devstore/api/shops/${shop.domain}/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "referral-order", ...input }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/referral-order needs|--browser-ip|--customer/);
    }
    expect(shop.orders.size).toBe(before);
  });
});
