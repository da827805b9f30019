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
