/**
 * `npm run devstore:event -- flow-action <adjust-points|give-reward> --customer <id> [--points N --note TEXT]
 * [--reward NAME] [--run <action_run_id>] [--shop demo.myshopify.com]`: sends the app a Flow action request as Shopify
 * Flow does (POST to the extension's runtime_url, body signed with the app's secret in X-Shopify-Hmac-Sha256), and
 * prints the answer. The same --run twice is a Flow retry (the app answers the earlier result).
 * Reads SHOPIFY_API_SECRET and SHOPIFY_APP_URL (.env), as the dev store does.
 */
import { randomUUID } from "node:crypto";
import { webhookHmac } from "./signing";

const ACTIONS: Record<string, { path: string; handle: string }> = {
  "adjust-points": { path: "/flow/adjust-points", handle: "adjust-loyalty-points" },
  "give-reward": { path: "/flow/give-reward", handle: "give-loyalty-reward" },
};

export async function sendFlowAction(argv: string[], shop: string): Promise<number> {
  const [name = "", ...rest] = argv;
  const action = ACTIONS[name];
  if (!action) {
    console.error(`usage: npm run devstore:event -- flow-action <${Object.keys(ACTIONS).join("|")}> --customer ID [--points N --note TEXT | --reward NAME] [--run ID]`);
    return 2;
  }
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) options.set((rest[i] ?? "").replace(/^--/, ""), rest[i + 1] ?? "");
  const secret = process.env.SHOPIFY_API_SECRET;
  const appUrl = process.env.SHOPIFY_APP_URL;
  if (!secret || !appUrl) {
    console.error("Set SHOPIFY_API_SECRET and SHOPIFY_APP_URL (.env)");
    return 2;
  }
  const properties: Record<string, unknown> = { customer_id: options.get("customer") ?? "" };
  if (name === "adjust-points") Object.assign(properties, { points: Number(options.get("points")), note: options.get("note") ?? "" });
  else properties.reward = options.get("reward") ?? "";
  const body = JSON.stringify({
    shop_id: "1",
    shopify_domain: shop,
    action_run_id: options.get("run") ?? randomUUID(),
    action_definition_id: action.handle,
    handle: action.handle,
    properties,
  });
  const response = await fetch(new URL(action.path, appUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": webhookHmac(body, secret) },
    body,
  });
  console.log(`${response.status} ${await response.text()}`);
  return response.ok ? 0 : 1;
}
