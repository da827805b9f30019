/**
 * The app answering in process what Shopify sends it over HTTP: webhooks (`POST /webhooks/<topic>` → the route
 * module app/routes/webhooks.<topic with dots>.ts) and app proxy requests (`/proxy/<name>`, ./app-proxy-routes.ts),
 * the way Remix serves resource routes. A thrown Response is the answer; an unknown path is 404. An accepted
 * webhook is processed (the inbox drained) before its answer returns, so a test reads the ledger it produced.
 *
 * The routes import `~/shopify.server`, which captures `fetch` on import: import this module only after the network
 * the test wants is in place (the msw fake, or the dev store's dispatcher: ./devstore.ts).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import * as appUninstalled from "~/routes/webhooks.app.uninstalled";
import * as bulkOperationsFinish from "~/routes/webhooks.bulk_operations.finish";
import * as customersCreate from "~/routes/webhooks.customers.create";
import * as customersDataRequest from "~/routes/webhooks.customers.data_request";
import * as customersRedact from "~/routes/webhooks.customers.redact";
import * as customersUpdate from "~/routes/webhooks.customers.update";
import * as ordersCancelled from "~/routes/webhooks.orders.cancelled";
import * as ordersPaid from "~/routes/webhooks.orders.paid";
import * as refundsCreate from "~/routes/webhooks.refunds.create";
import * as shopRedact from "~/routes/webhooks.shop.redact";
import prisma from "~/db.server";
import { drainInbox } from "~/shopify/webhooks/inbox-worker.server";
import { appProxyRoutes } from "./app-proxy-routes";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

const WEBHOOKS: Record<string, Action> = {
  "app/uninstalled": appUninstalled.action,
  "bulk_operations/finish": bulkOperationsFinish.action,
  "customers/create": customersCreate.action,
  "customers/data_request": customersDataRequest.action,
  "customers/redact": customersRedact.action,
  "customers/update": customersUpdate.action,
  "orders/cancelled": ordersCancelled.action,
  "orders/paid": ordersPaid.action,
  "refunds/create": refundsCreate.action,
  "shop/redact": shopRedact.action,
};

export async function appRoutes(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith("/proxy/")) return appProxyRoutes(request);
  const webhook = /^\/webhooks\/(.+)$/.exec(pathname);
  const action = webhook?.[1] !== undefined && Object.hasOwn(WEBHOOKS, webhook[1]) ? WEBHOOKS[webhook[1]] : undefined;
  if (!action || request.method !== "POST") return new Response("Not Found", { status: 404 });
  try {
    const response = await action({ request, params: {}, context: {} });
    // An accepted delivery is processed before the answer, as the running app's inbox worker would right after it.
    if (response.status === 200) await drainInbox(prisma);
    return response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
