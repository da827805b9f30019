/**
 * What the admin and app proxy routes check beyond Shopify's signatures (docs/decisions/010-trust-boundary.md),
 * through the real route handlers: a malformed `host` is a 400 (it was a 500), a session token naming two shops is
 * a 401 (it was accepted), and bodies past their limit are a 413 with nothing written, declared or streamed.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ADMIN_BODY_LIMIT, PROXY_BODY_LIMIT } from "~/http/body-limit.server";
import { getShopProgram } from "~/loyalty/server/program.server";
import { loader as home } from "~/routes/app._index";
import { action as program } from "~/routes/app.program";
import { loader as authRoute } from "~/routes/auth.$";
import { action as redeem } from "~/routes/proxy.redeem";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest, shopifyProxyQuery } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { signJwt, signSessionToken } from "../../devstore/signing";

const fake = startFakeAdminApi();
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const TWO_MB = 2 * 1024 * 1024;
const base64 = (text: string) => Buffer.from(text, "latin1").toString("base64").replace(/=+$/, "");

function sessionToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      iss: `https://${TEST_SHOP}/admin`,
      dest: `https://${TEST_SHOP}`,
      aud: TEST_API_KEY,
      sub: "1",
      exp: now + 60,
      nbf: now,
      iat: now,
      jti: "jti-1",
      sid: "sid-1",
      ...claims,
    },
    TEST_API_SECRET,
  );
}

/** The document request the admin's iframe makes for /app, with the given `host`. */
function documentRequest(host: string): Request {
  return new Request(`${TEST_APP_URL}/app?embedded=1&shop=${TEST_SHOP}&host=${host}&id_token=${sessionToken()}`, {
    headers: { "User-Agent": BROWSER },
  });
}

/** A body of `size` bytes that arrives in 64 KB chunks with no Content-Length (chunked transfer). */
function chunkedBody(size: number, prefix = ""): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0 && prefix) {
        const head = new TextEncoder().encode(prefix);
        sent += head.byteLength;
        controller.enqueue(head);
        return;
      }
      if (sent >= size) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => sent };
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the host parameter", () => {
  it.each([
    ["not base64 at all", "%25%25%25"],
    ["base64 of bytes that are no host name", base64("\u0001\u0002 not a host")],
    ["base64 of a host name with a space", base64("a b.myshopify.com")],
    ["base64 of a host outside Shopify's admin", base64("evil.example.com/store/demo")],
  ])("answers 400 with a plain sentence for %s, before the library decodes it", async (_what, host) => {
    const response = (await callRoute(home, documentRequest(host))) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("The host parameter is not a Shopify admin host. Open the app from your Shopify admin.");
  });

  it("also guards the library's own pages under /auth", async () => {
    const url = `${TEST_APP_URL}/auth/session-token?shop=${TEST_SHOP}&host=${base64("\u0001garbage")}`;
    const response = (await callRoute(authRoute, new Request(url, { headers: { "User-Agent": BROWSER } }))) as Response;
    expect(response.status).toBe(400);
  });

  it("lets a well-formed admin host through", async () => {
    const result = await callRoute(home, documentRequest(base64("admin.shopify.com/store/test-shop")));
    expect(result).toMatchObject({ setup: expect.any(Object), reauth: null });
  });
});

describe("the session token's shops", () => {
  it("refuses a signed token whose issuer is another shop than its destination, as a header or in the URL", async () => {
    const forged = sessionToken({ iss: "https://other-shop.myshopify.com/admin" });
    const header = (await callRoute(home, new Request(`${TEST_APP_URL}/app`, { headers: { Authorization: `Bearer ${forged}` } }))) as Response;
    expect(header.status).toBe(401);
    const url = `${TEST_APP_URL}/app?embedded=1&shop=${TEST_SHOP}&host=${base64("admin.shopify.com/store/test-shop")}&id_token=${forged}`;
    const document = (await callRoute(home, new Request(url, { headers: { "User-Agent": BROWSER } }))) as Response;
    expect(document.status).toBe(401);
  });

  it("refuses a token without an issuer", async () => {
    const response = (await callRoute(home, new Request(`${TEST_APP_URL}/app`, { headers: { Authorization: `Bearer ${sessionToken({ iss: undefined })}` } }))) as Response;
    expect(response.status).toBe(401);
  });

  it("accepts Shopify's own token (issuer and destination the same shop)", async () => {
    const token = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, secret: TEST_API_SECRET, userId: "1", sessionId: "s" });
    const result = await callRoute(home, new Request(`${TEST_APP_URL}/app`, { headers: { Authorization: `Bearer ${token}` } }));
    expect(result).toMatchObject({ metrics: { members: 0 } });
  });
});

describe("body limits", () => {
  async function earnPoints() {
    const order = webhookExample<Record<string, unknown>>("orders/paid");
    expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
    const customerGid = (await prisma.member.findFirstOrThrow()).customerGid;
    fake.state.addCustomer({ id: customerGid });
    return { customerId: customerGid.replace("gid://shopify/Customer/", ""), reward: await prisma.reward.findFirstOrThrow({ where: { name: "Free shipping" } }) };
  }

  async function written() {
    return { redemptions: await prisma.redemption.count(), entries: await prisma.ledgerEntry.count(), discounts: fake.state.discounts.size };
  }

  it("answers 413 to a 2 MB redeem through the app proxy, redeeming nothing", async () => {
    const { customerId, reward } = await earnPoints();
    const before = await written();
    const body = { rewardId: reward.id, idempotencyKey: "click-1", padding: "x".repeat(TWO_MB) };
    const response = (await callRoute(redeem, proxyRequest("redeem", { method: "POST", customerId, body }))) as Response;
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: `The request body is larger than the limit of ${PROXY_BODY_LIMIT} bytes` });
    expect(await written()).toEqual(before);
  });

  it("answers 413 to a streamed proxy body without Content-Length, reading no more than the limit", async () => {
    const { customerId, reward } = await earnPoints();
    const before = await written();
    const { body, pulled } = chunkedBody(TWO_MB, `{"rewardId":"${reward.id}","idempotencyKey":"k","padding":"`);
    const query = shopifyProxyQuery({}, { customerId });
    const request = new Request(`${TEST_APP_URL}/proxy/redeem?${query.toString()}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("Content-Length")).toBeNull();
    const response = (await callRoute(redeem, request)) as Response;
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThan(PROXY_BODY_LIMIT + 2 * 64 * 1024);
    expect(await written()).toEqual(before);
  });

  it("answers 413 to a 2 MB admin form post, saving nothing", async () => {
    const settings = JSON.stringify({ ...(await getShopProgram(prisma, TEST_SHOP)).settings, baseRateMilli: 5000 });
    const request = await adminRequest("/app/program", { form: { intent: "save", settings, padding: "x".repeat(TWO_MB) } });
    const response = (await callRoute(program, request)) as Response;
    expect(response.status).toBe(413);
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.baseRateMilli).toBe(1000);
  });

  it("answers 413 to a declared Content-Length over the limit, and to a chunked admin body, before authenticating", async () => {
    const token = signSessionToken({ shop: TEST_SHOP, apiKey: TEST_API_KEY, secret: TEST_API_SECRET, userId: "1", sessionId: "s" });
    const declared = new Request(`${TEST_APP_URL}/app/program`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(TWO_MB) },
      body: "intent=save",
    });
    expect(((await callRoute(program, declared)) as Response).status).toBe(413);

    const { body, pulled } = chunkedBody(TWO_MB, "intent=save&settings=");
    const chunked = new Request(`${TEST_APP_URL}/app/program`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(((await callRoute(program, chunked)) as Response).status).toBe(413);
    expect(pulled()).toBeLessThan(ADMIN_BODY_LIMIT + 2 * 64 * 1024);
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.baseRateMilli).toBe(1000);
  });

  it("still takes an ordinary admin form post", async () => {
    const settings = JSON.stringify({ ...(await getShopProgram(prisma, TEST_SHOP)).settings, baseRateMilli: 2000 });
    const response = (await callRoute(program, await adminRequest("/app/program", { form: { intent: "save", settings } }))) as Response;
    expect(response.status).toBe(200);
    expect((await getShopProgram(prisma, TEST_SHOP)).settings.baseRateMilli).toBe(2000);
  });
});
