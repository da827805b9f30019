/**
 * One dev store shop: its Admin API data (ShopState), the orders placed in it, the access tokens it issued to the
 * app, the staff user who "uses" the admin, and the log of webhook deliveries. Serialisable as one JSON document
 * (devstore/store.ts writes it to tmp/devstore/<shop>.json).
 *
 * Rules:
 * - Ids are small sequential numbers per kind (order 1001…, line item 5001…, refund 7001…, customer after the
 *   seeded ones); a GID is `gid://shopify/<Type>/<n>`, and webhooks carry the same n as a JSON number.
 * - Money is integer minor units of the shop currency.
 * - Tokens (devstore/oauth.ts): an expiring offline access token lives one hour, its refresh token 90 days; a new
 *   expiring token for the shop retires the previous ones (access and refresh) when it is first used.
 */
import { orderObject } from "./order-objects";
import { AdminApiEndpoint, type FinishedBulkOperation, type MailingAddressRecord, type RecordedOperation, ShopState, type ShopStateSnapshot } from "./admin-api";

export interface StaffUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  /** The admin language in the user's settings, which Shopify passes to embedded apps as `?locale=` (default "en"). */
  locale?: string;
}

export interface OrderLine {
  /** Numeric line item id. */
  id: string;
  /** Numeric product id; null for a custom item. */
  productId: string | null;
  variantId: string | null;
  title: string;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  unitPriceMinor: number;
  /** Order-level discount allocated to this line (all units). */
  discountMinor: number;
}

export interface RefundLine {
  lineId: string;
  quantity: number;
  /** What the refunded units were paid (price minus their share of the discount). */
  subtotalMinor: number;
}

export interface RefundRecord {
  id: string;
  createdAt: string;
  note: string | null;
  lines: RefundLine[];
}

export type FinancialStatus = "pending" | "paid" | "partially_refunded" | "refunded" | "voided";

export interface OrderRecord {
  id: string;
  number: number;
  /** Numeric customer id, or null for a guest checkout. */
  customerId: string | null;
  email: string | null;
  createdAt: string;
  /** When it was paid (orders/paid `processed_at`), null while pending. */
  paidAt: string | null;
  /** Checkout asked to pay with the customer's store credit first; what it paid from it once paid. */
  useStoreCredit?: boolean;
  storeCreditMinor?: number;
  financialStatus: FinancialStatus;
  cancelledAt: string | null;
  cancelReason: string | null;
  lines: OrderLine[];
  discount: { code: string; amountMinor: number; kind: "percentage" | "fixed_amount" | "shipping"; value: string } | null;
  refunds: RefundRecord[];
  /** The cart's attributes (Shopify's note_attributes), e.g. the referral attribute the storefront script sets. */
  attributes?: { name: string; value: string }[];
  /** The buyer's browser IP (`browser_ip`, GraphQL `clientIp`); absent: null. */
  browserIp?: string | null;
  /** Where it ships; absent: the customer's default address (none for a guest). */
  shippingAddress?: MailingAddressRecord | null;
}

export type TokenKind = "offline" | "online" | "refresh";

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  scope: string;
  issuedAt: number;
  /** ms since the epoch; null: never expires. */
  expiresAt: number | null;
  revoked: boolean;
  /** Expiring offline tokens (and their refresh tokens) are revoked together when a new one is issued. */
  expiring: boolean;
  /** refresh: the access token issued with it. */
  pairedWith?: string;
  /** A newer expiring access token replaces this one: this stays valid until that one is first used. */
  supersededBy?: string;
  lastUsedAt?: number;
}

export type DeliveryState = "held" | "delivering" | "delivered" | "failed" | "no-subscription";

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the app could not be reached. */
  status: number | null;
  error?: string;
  ms: number;
}

export interface DeliveryRecord {
  /** Same for every retry of one delivery (X-Shopify-Webhook-Id). */
  webhookId: string;
  /** Same for every delivery of one event (X-Shopify-Event-Id). */
  eventId: string;
  topic: string;
  /** App path it goes to (null: the app has no subscription for the topic). */
  uri: string | null;
  createdAt: string;
  triggeredAt: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  /** Why it exists beyond the event: "duplicate", "duplicate (new webhook id)", "held for out-of-order delivery". */
  note?: string;
  /** The raw JSON body (signed as is on every attempt). */
  body: string;
}

export interface Counters {
  order: number;
  orderNumber: number;
  lineItem: number;
  refund: number;
  customer: number;
}

export interface DevShopSnapshot {
  version: 1;
  domain: string;
  admin: ShopStateSnapshot;
  orders: OrderRecord[];
  tokens: TokenRecord[];
  deliveries: DeliveryRecord[];
  staff: StaffUser;
  counters: Counters;
  /** The published theme's app blocks and embeds (absent in snapshots saved before the theme editor existed). */
  theme?: ThemeApps;
}

/**
 * What the merchant added to the published theme from the app's theme app extension, in the theme editor: embeds
 * turned on (by block handle) and app blocks placed (by handle and template). `shopify.app.extensions()` reports it.
 */
export interface ThemeApps {
  embeds: string[];
  blocks: { handle: string; template: string }[];
}

/** How many deliveries and Admin API operations a shop remembers. */
export const KEEP_DELIVERIES = 300;
export const KEEP_OPERATIONS = 500;

export interface DevShopOptions {
  appId: string;
  now?: () => number;
  /** Told about every Admin API request once answered. */
  onOperation?: (shop: DevShop, operation: RecordedOperation, changedState: boolean) => void;
  /** Told when one of the shop's bulk operations finishes or expires (to send `bulk_operations/finish`). */
  onBulkFinish?: (shop: DevShop, operation: FinishedBulkOperation) => void;
}

export class DevShop {
  readonly domain: string;
  readonly admin: ShopState;
  readonly endpoint: AdminApiEndpoint;
  readonly orders = new Map<string, OrderRecord>();
  tokens: TokenRecord[];
  deliveries: DeliveryRecord[];
  readonly staff: StaffUser;
  readonly counters: Counters;
  readonly theme: ThemeApps;
  private readonly now: () => number;

  constructor(snapshot: DevShopSnapshot, options: DevShopOptions) {
    this.domain = snapshot.domain;
    this.admin = ShopState.fromJSON(snapshot.admin);
    for (const order of snapshot.orders) this.orders.set(order.id, order);
    this.tokens = snapshot.tokens;
    this.deliveries = snapshot.deliveries;
    this.staff = snapshot.staff;
    this.counters = snapshot.counters;
    this.theme = snapshot.theme ?? { embeds: [], blocks: [] };
    this.now = options.now ?? (() => Date.now());
    this.admin.ordersForBulk = () => [...this.orders.values()].map((order) => orderObject(this, order));
    this.admin.ordersOfCustomer = (customerGid) =>
      [...this.orders.values()]
        .filter((order) => order.customerId !== null && `gid://shopify/Customer/${order.customerId}` === customerGid)
        .sort((a, b) => a.number - b.number)
        .map((order) => orderObject(this, order));
    this.endpoint = new AdminApiEndpoint({
      state: this.admin,
      appId: options.appId,
      now: this.now,
      keepOperations: KEEP_OPERATIONS,
      authorize: (_shop, token) => this.useAccessToken(token),
      scopesOf: (_shop, token) => this.tokens.find((t) => t.token === token)?.scope.split(",").filter(Boolean) ?? null,
      onOperation: (operation, changed) => options.onOperation?.(this, operation, changed),
      // Served by the dev store (server.ts) on the shop's own host, which the app reaches like the Admin API.
      bulkResultUrl: (shop, numericId) => `https://${shop}/bulk-operation-outputs/${numericId}.jsonl`,
      ...(options.onBulkFinish ? { onBulkFinish: (operation: FinishedBulkOperation) => options.onBulkFinish?.(this, operation) } : {}),
    });
  }

  /** "demo" for demo.myshopify.com (the admin's /store/<handle>). */
  get handle(): string {
    return this.domain.replace(/\.myshopify\.com$/, "");
  }

  get name(): string {
    return this.admin.shop.name ?? this.handle;
  }

  nextId(kind: keyof Counters): string {
    const n = this.counters[kind]++;
    return String(n);
  }

  customerByNumber(id: string): { id: string; gid: string } | null {
    const gid = `gid://shopify/Customer/${id}`;
    return this.admin.customers.has(gid) ? { id, gid } : null;
  }

  order(id: string): OrderRecord | undefined {
    return this.orders.get(id);
  }

  /** The most recent order (highest number), for "--order last". */
  lastOrder(): OrderRecord | undefined {
    let last: OrderRecord | undefined;
    for (const order of this.orders.values()) if (!last || order.number > last.number) last = order;
    return last;
  }

  /** Whether an access token is good for this shop now; using it retires the refresh token it replaced. */
  useAccessToken(token: string): boolean {
    const record = this.tokens.find((t) => t.token === token && t.kind !== "refresh");
    const now = this.now();
    if (!record || record.revoked || (record.expiresAt !== null && record.expiresAt <= now)) return false;
    if (record.lastUsedAt === undefined) {
      for (const previous of this.tokens) if (previous.supersededBy === token) previous.revoked = true;
    }
    record.lastUsedAt = now;
    return true;
  }

  /** Whether the app holds a usable token (it has "installed" in the sense of having exchanged a session token). */
  hasActiveToken(): boolean {
    const now = this.now();
    return this.tokens.some((t) => t.kind !== "online" && !t.revoked && (t.expiresAt === null || t.expiresAt > now));
  }

  recordDelivery(delivery: DeliveryRecord): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > KEEP_DELIVERIES) this.deliveries.splice(0, this.deliveries.length - KEEP_DELIVERIES);
  }

  toJSON(): DevShopSnapshot {
    return {
      version: 1,
      domain: this.domain,
      admin: this.admin.toJSON(),
      orders: [...this.orders.values()],
      tokens: this.tokens,
      deliveries: this.deliveries,
      staff: this.staff,
      counters: this.counters,
      theme: this.theme,
    };
  }
}
