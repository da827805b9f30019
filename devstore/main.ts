/**
 * `npm run devstore` (and `npm run local`, which starts it next to the app): runs the dev store until Ctrl-C.
 *
 * Environment (from .env, as the app's):
 *   SHOPIFY_API_KEY, SHOPIFY_API_SECRET   the app's credentials (the dev store signs with the same secret)
 *   SHOPIFY_APP_URL                       where the app listens (webhooks, app proxy, the admin's iframe)
 *   DEVSTORE_PORT (4000)                  the dev store's port
 *   DEVSTORE_SHOP (demo.myshopify.com)    the shop the browser pages open
 *   DEVSTORE_DATA_DIR (tmp/devstore)      where shops are saved; `npm run reset` deletes it
 *   DEVSTORE_APP_ID (1234567)             the app's id (its "$app" metafield namespace is app--<id>)
 */
import { DEFAULT_APP_ID } from "./admin-api";
import { readAppConfig } from "./app-config";
import { startDevStore } from "./server";

if (process.env.NODE_ENV === "production") {
  console.error("The dev store is a development tool: refusing to start with NODE_ENV=production.");
  process.exit(1);
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`[devstore] ${name} is not set (copy .env.example to .env, or run npm run local)`);
    process.exit(1);
  }
  return value;
};

const port = Number(process.env.DEVSTORE_PORT ?? 4000);
const devstore = await startDevStore({
  port,
  hostname: process.env.DEVSTORE_HOSTNAME ?? "127.0.0.1",
  publicOrigin: `http://localhost:${port}`,
  apiKey: required("SHOPIFY_API_KEY"),
  apiSecret: required("SHOPIFY_API_SECRET"),
  appUrl: required("SHOPIFY_APP_URL"),
  app: readAppConfig(),
  appId: process.env.DEVSTORE_APP_ID ?? DEFAULT_APP_ID,
  defaultShop: process.env.DEVSTORE_SHOP ?? "demo.myshopify.com",
  dataDir: process.env.DEVSTORE_DATA_DIR ?? "tmp/devstore",
});
const shop = devstore.state.shop(process.env.DEVSTORE_SHOP ?? "demo.myshopify.com");
console.log(`[devstore] listening on ${devstore.origin} — shop ${shop.domain} (${shop.admin.customers.size} customers, ${shop.orders.size} orders)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void devstore.close().then(() => process.exit(0));
  });
}
