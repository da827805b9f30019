/**
 * Every webhook topic the app subscribes to (shopify.app.toml), in one registry: how its payload is read, which
 * shop it names, how it is keyed in the inbox, and the service it feeds.
 *
 * Rules:
 * - `inbox` topics are stored by the route and processed by the inbox worker (docs/decisions/012-webhook-inbox.md);
 *   `now` topics (the compliance topics and app/uninstalled) are handled in the request: they are rare, must act
 *   on the inbox itself (a redact removes payloads) and Shopify may send them after uninstall.
 * - `payloadShop` is the shop the signed body names, where it names one: it must equal the header's shop.
 * - `keys` (inbox topics): read from the payload at accept; the worker maps the whole payload.
 * - `orderKey`: the deliveries that share it are processed in arrival order and never concurrently.
 * - Adding a topic = one entry here, one route file `webhooks.<topic>.ts`, one subscription in shopify.app.toml.
 */
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { LoyaltyError } from "~/loyalty/errors";
import { nudgeBulkOperationJobs } from "~/loyalty/server/bulk-finish.server";
import { recordCustomerCreated } from "~/loyalty/server/members.server";
import { recordCustomerUpdated } from "~/loyalty/server/actions.server";
import { recordOrderCancelled, recordOrderPaid, recordRefund } from "~/loyalty/server/orders.server";
import { exportCustomerData, recordAppUninstalled, redactCustomer, redactShop } from "~/loyalty/server/privacy.server";
import { requireOrderOfShop } from "~/loyalty/server/shop-ownership.server";
import {
  cancelledOrderKeys,
  createdCustomerKeys,
  mapCancelledOrder,
  mapComplianceCustomer,
  mapCreatedCustomer,
  mapUpdatedCustomer,
  mapPaidOrder,
  mapRefund,
  paidOrderKeys,
  refundKeys,
  type DeliveryKeys,
} from "../webhook-payloads";
import { mapFinishedBulkOperation } from "../bulk-operation-finish";
import { forgetInstallations, recordUninstall } from "./installations.server";

export interface TopicContext<T> {
  db: PrismaClient;
  shop: string;
  data: T;
  /** When Shopify's delivery reached us (the time of the event for the ledger). */
  now: Date;
}

export interface TopicHandler<T> {
  mode: "inbox" | "now";
  /** Accepted for a shop whose uninstall is recorded (the compliance topics). */
  afterUninstall?: boolean;
  map: (payload: unknown) => T;
  payloadShop?: (payload: unknown) => string;
  /** Inbox topics: the delivery's keys, read from the payload when it is accepted (webhook-payloads.ts). */
  keys?: (payload: unknown) => DeliveryKeys;
  handle: (context: TopicContext<T>) => Promise<{ message: string } | void>;
}

function shopField(field: "shop_domain" | "myshopify_domain") {
  const schema = z.object({ [field]: z.string().min(1) });
  return (payload: unknown): string => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new LoyaltyError("INVALID_INPUT", `The payload has no ${field}`, { fieldErrors: { [field]: "Required" } });
    return String(parsed.data[field]).trim().toLowerCase();
  };
}

function topic<T>(handler: TopicHandler<T>): TopicHandler<unknown> {
  return handler as TopicHandler<unknown>;
}

export const WEBHOOK_TOPICS: Record<string, TopicHandler<unknown>> = {
  "orders/paid": topic({
    mode: "inbox",
    map: mapPaidOrder,
    keys: paidOrderKeys,
    handle: async ({ db, shop, data, now }) => {
      await requireOrderOfShop(db, shop, { orderGid: data.orderGid });
      return recordOrderPaid(db, shop, data, now);
    },
  }),
  "orders/cancelled": topic({
    mode: "inbox",
    map: mapCancelledOrder,
    keys: cancelledOrderKeys,
    handle: async ({ db, shop, data, now }) => {
      await requireOrderOfShop(db, shop, { orderGid: data.orderGid });
      return recordOrderCancelled(db, shop, data, now);
    },
  }),
  "refunds/create": topic({
    mode: "inbox",
    map: mapRefund,
    keys: refundKeys,
    handle: async ({ db, shop, data, now }) => {
      await requireOrderOfShop(db, shop, { orderGid: data.orderGid, refundGid: data.refundGid });
      return recordRefund(db, shop, data, now);
    },
  }),
  "customers/create": topic({
    mode: "inbox",
    map: mapCreatedCustomer,
    keys: createdCustomerKeys,
    handle: ({ db, shop, data, now }) => recordCustomerCreated(db, shop, data, now),
  }),
  // Names, email and marketing consent (the newsletter and profile bonuses): keyed by the customer, in order.
  "customers/update": topic({
    mode: "inbox",
    map: mapUpdatedCustomer,
    keys: createdCustomerKeys,
    handle: ({ db, shop, data, now }) => recordCustomerUpdated(db, shop, data, now),
  }),
  "customers/data_request": topic({
    mode: "now",
    afterUninstall: true,
    map: mapComplianceCustomer,
    payloadShop: shopField("shop_domain"),
    handle: async ({ db, shop, data, now }) => {
      const exported = await exportCustomerData(db, shop, data, now);
      return { message: `Data export for ${data.customerGid} stored (${exported.member?.ledger.length ?? 0} ledger entries)` };
    },
  }),
  "customers/redact": topic({
    mode: "now",
    afterUninstall: true,
    map: mapComplianceCustomer,
    payloadShop: shopField("shop_domain"),
    handle: async ({ db, shop, data, now }) => {
      const { redacted } = await redactCustomer(db, shop, data, now);
      return { message: redacted ? `Customer ${data.customerGid} redacted` : `No member for ${data.customerGid}; orders unlinked` };
    },
  }),
  "shop/redact": topic({
    mode: "now",
    afterUninstall: true,
    map: () => null,
    payloadShop: shopField("shop_domain"),
    handle: async ({ db, shop }) => {
      await redactShop(db, shop);
      forgetInstallations(shop);
      return { message: "All shop data deleted" };
    },
  }),
  "bulk_operations/finish": topic({
    mode: "now",
    map: mapFinishedBulkOperation,
    handle: ({ db, shop, data, now }) => nudgeBulkOperationJobs(db, shop, data.operationGid, now),
  }),
  "app/uninstalled": topic({
    mode: "now",
    map: () => null,
    payloadShop: shopField("myshopify_domain"),
    handle: async ({ db, shop, now }) => {
      await recordAppUninstalled(db, shop);
      await recordUninstall(db, shop, now);
      return { message: "Sessions removed; data kept until shop/redact" };
    },
  }),
};

export function topicHandler(name: string): TopicHandler<unknown> {
  const handler = WEBHOOK_TOPICS[name];
  if (!handler) throw new Error(`No handler for webhook topic ${name}`);
  return handler;
}
