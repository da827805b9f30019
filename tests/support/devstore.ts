/**
 * The dev store (devstore/server.ts) in a test process, over real HTTP on 127.0.0.1, with the app reaching it the
 * way `npm run local` makes it: Node's own fetch routed by devstore/network.mjs (undici global dispatcher), so the
 * library's `https://<shop>/admin/…` requests arrive at the dev store.
 *
 * Rules:
 * - Start it at the top of the test file, BEFORE the app is imported (then `await import()` the app): the library
 *   captures `globalThis.fetch` on import, and it must capture Node's fetch, not the msw fake's. So this stops the
 *   msw fake that setup-env.ts started for the file (its later reset/close calls are harmless).
 * - The app's side is called in process: `appFetch` is what the dev store uses to deliver webhooks and forward app
 *   proxy requests (default: ./app-routes.ts, the app's route modules, imported after the network is in place).
 * - Each file gets its own shop (`devstore-<n>.myshopify.com`, freshly seeded) in memory, and the app's usual test
 *   credentials (./test-env.ts).
 * - For the end-to-end browser suite the same dev store runs next to the built app instead: pass `appUrl` and
 *   `appFetch: (request) => fetch(request)`, so webhooks and proxy requests reach the built app over HTTP (the
 *   default is the in-process route modules).
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_APP_ID } from "../../devstore/admin-api";
import { readAppConfig } from "../../devstore/app-config";
import { installDevStoreNetwork } from "../../devstore/network.mjs";
import { startDevStore, type DevStore } from "../../devstore/server";
import type { DevShop } from "../../devstore/shop";
import type { AppFetch } from "../../devstore/webhooks/delivery";
import { startFakeAdminApi } from "./fake-admin-api";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export interface TestDevStore {
  devstore: DevStore;
  /** This file's shop, seeded with the demo catalog. */
  shop: DevShop;
  origin: string;
  /** The dev store's log lines (deliveries, refused operations, token grants). */
  logs: string[];
  close(): Promise<void>;
}

export interface TestDevStoreOptions {
  appFetch?: AppFetch;
  appUrl?: string;
  /** Webhook retry delays (default: 20 ms, then 50 ms — tests should not wait). */
  retryDelaysMs?: number[];
}

export async function startTestDevStore(options: TestDevStoreOptions = {}): Promise<TestDevStore> {
  startFakeAdminApi().close();
  const logs: string[] = [];
  let appFetch = options.appFetch;
  const devstore = await startDevStore({
    port: 0,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: options.appUrl ?? TEST_APP_URL,
    app: readAppConfig(),
    appId: DEFAULT_APP_ID,
    defaultShop: "demo.myshopify.com",
    dataDir: null,
    // The app's routes are imported lazily, after the network below is in place.
    appFetch: async (request) => {
      appFetch ??= (await import("./app-routes")).appRoutes;
      return appFetch(request);
    },
    webhookRetryDelaysMs: options.retryDelaysMs ?? [20, 50],
    log: (line) => logs.push(line),
  });
  const origin = devstore.origin.replace("localhost", "127.0.0.1");
  const restore = installDevStoreNetwork(origin);
  const shop = devstore.state.shop(`devstore-${randomUUID().slice(0, 8)}.myshopify.com`);
  return {
    devstore,
    shop,
    origin,
    logs,
    async close() {
      restore();
      await devstore.close();
    },
  };
}

/** An offline access token the way the app gets one: token exchange of an admin session token for the file's shop. */
export async function exchangeOfflineToken({ devstore, shop }: Pick<TestDevStore, "devstore" | "shop">): Promise<{ accessToken: string; scope: string }> {
  const response = await fetch(`https://${shop.domain}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: TEST_API_KEY,
      client_secret: TEST_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: devstore.sessionToken(shop.domain),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${await response.text()}`);
  const { access_token: accessToken, scope } = (await response.json()) as { access_token: string; scope: string };
  return { accessToken, scope };
}

/** The app installed on the file's shop: its offline session stored as the app stores it after token exchange. */
export async function installOfflineSession(
  db: { session: { create(args: { data: { id: string; shop: string; state: string; isOnline: boolean; accessToken: string; scope: string } }): Promise<unknown> } },
  store: Pick<TestDevStore, "devstore" | "shop">,
): Promise<void> {
  const { accessToken, scope } = await exchangeOfflineToken(store);
  const domain = store.shop.domain;
  await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "installed", isOnline: false, accessToken, scope } });
}
