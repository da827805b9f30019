/**
 * What a Shopify store holds that the Admin GraphQL API answers from: products, collections, customers,
 * metafields, code discounts, and the shop's own settings. One instance is one store's data (the test fake shares
 * one instance between every shop it is asked about; the dev store keeps one per shop and persists it as JSON).
 *
 * Rules:
 * - Only what a record actually holds is answered: optional fields (a product's title, a customer's name, the
 *   shop's time zone) are answered when set and fail as "not modeled" when not (see ./resolvers.ts), so nothing
 *   is invented.
 * - Ids are GIDs; their numeric part is what Shopify's REST payloads (webhooks) carry.
 * - `toJSON()` / `ShopState.fromJSON()` round-trip everything, counters included, so a restarted dev store
 *   hands out new ids after the old ones.
 */

/** How the app's reserved "$app" namespace is stored for the app with this id (`app--<app id>`), as Shopify does. */
export function appNamespace(appId: string): string {
  return `app--${appId}`;
}

/** The app id both the test fake and the dev store give the app (the "$app" namespace is `app--1234567`). */
export const DEFAULT_APP_ID = "1234567";

export interface MetafieldRecord {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: string;
  productType: string;
  collectionIds: string[];
  /** Catalog data the dev store sells with; the test fake's products usually have none. */
  title?: string;
  vendor?: string;
  /** Price of its one variant, in the shop currency's minor units. */
  priceMinor?: number;
  /** Numeric id of its one variant (what order line items carry as `variant_id`). */
  variantId?: string;
  sku?: string;
}

export interface CollectionRecord {
  id: string;
  title: string;
}

export interface CustomerRecord {
  id: string;
  email: string | null;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  createdAt?: string;
  /** Tags, as tagsAdd/tagsRemove leave them (customer-mirrors.ts). */
  tags?: string[];
  /** `defaultAddress`; absent: null. */
  defaultAddress?: MailingAddressRecord | null;
  /** Email marketing consent, as customers/update reports it (engagement-events.ts). */
  emailMarketingConsent?: { state: string; consentUpdatedAt: string };
}

/** A MailingAddress as the Admin API answers it (the fields the app reads). */
export interface MailingAddressRecord {
  address1: string | null;
  address2?: string | null;
  city: string | null;
  zip: string | null;
  countryCodeV2: string | null;
}

/** A metafield definition (metafieldDefinitionCreate), keyed by owner type, namespace and key. */
export interface MetafieldDefinitionRecord {
  id: string;
  ownerType: string;
  namespace: string;
  key: string;
  type: string;
  name: string;
}

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

/** A basic discount's value: a 0..1 fraction, or a Decimal amount exactly as it was sent. */
export type DiscountValue = { percentage: number } | { amount: string; appliesOnEachItem: boolean };

export interface DiscountCombinesWith {
  productDiscounts: boolean;
  orderDiscounts: boolean;
  shippingDiscounts: boolean;
}

/** A code discount on all items (basic) or all countries (free shipping), with one code. */
export interface DiscountRecord {
  /** gid://shopify/DiscountCodeNode/… */
  id: string;
  /** gid://shopify/DiscountRedeemCode/… of its one code. */
  redeemCodeId: string;
  code: string;
  title: string;
  kind: "basic" | "free_shipping";
  /** null for free shipping. */
  value: DiscountValue | null;
  /** null: every buyer (`context: { all: ALL }`). */
  customerGids: string[] | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  startsAt: string;
  endsAt: string | null;
  /** Minimum subtotal, a Decimal exactly as it was sent. */
  minimum: { subtotal: string } | null;
  /** The items a basic discount applies to: null or absent for all items, else these products and variants. */
  items?: { productGids: string[]; variantGids: string[] } | null;
  combinesWith: DiscountCombinesWith;
  /** As of the last time it was read (derived from startsAt/endsAt). */
  status: DiscountStatus;
  createdAt: string;
  /** Orders that used the code (Shopify's `asyncUsageCount`); the dev store counts its checkouts here. */
  usageCount?: number;
}

/** A store credit account: one owner (a customer), one currency (./store-credit.ts). */
export interface StoreCreditAccountRecord {
  id: string;
  ownerId: string;
  currencyCode: string;
  balanceMinor: number;
  transactions: StoreCreditTransactionRecord[];
}

export interface StoreCreditTransactionRecord {
  id: string;
  accountId: string;
  kind: "credit" | "debit";
  /** Positive; the kind gives the direction. */
  amountMinor: number;
  balanceAfterMinor: number;
  /** ADJUSTMENT (the Admin API), ORDER_PAYMENT (checkout). */
  event: string;
  expiresAt?: string | null;
  createdAt: string;
}

export type DiscountSeed = Pick<DiscountRecord, "code"> & Partial<Omit<DiscountRecord, "id" | "redeemCodeId" | "status">>;

/** The shop's own settings (`shop { … }`); fields left unset are not modeled. */
export interface ShopInfo {
  id?: string;
  name?: string;
  email?: string;
  ianaTimezone?: string;
}

export interface ShopStateSnapshot {
  currencyCode: string;
  shop: ShopInfo;
  products: ProductRecord[];
  collections: CollectionRecord[];
  customers: CustomerRecord[];
  metafields: MetafieldRecord[];
  discounts: DiscountRecord[];
  nextMetafieldId: number;
  nextDiscountId: number;
  /** Absent in snapshots saved before store credit was modelled. */
  storeCreditAccounts?: StoreCreditAccountRecord[];
  nextStoreCreditId?: number;
  storeCreditLimitMinor?: number | null;
}

export class ShopState {
  readonly products = new Map<string, ProductRecord>();
  readonly collections = new Map<string, CollectionRecord>();
  readonly customers = new Map<string, CustomerRecord>();
  /** ownerId → "namespace.key" → metafield */
  readonly metafields = new Map<string, Map<string, MetafieldRecord>>();
  /** "OWNER_TYPE namespace.key" → definition */
  readonly metafieldDefinitions = new Map<string, MetafieldDefinitionRecord>();
  /** DiscountCodeNode id → discount */
  readonly discounts = new Map<string, DiscountRecord>();
  /** The shop currency, for MoneyV2 answers. */
  currencyCode = "USD";
  shop: ShopInfo = {};
  /** The app's installation on this shop: the owner of its app-data metafields (`currentAppInstallation`). */
  readonly appInstallationId = "gid://shopify/AppInstallation/1";
  /** The shop's orders as Admin GraphQL Order objects, for bulk queries (./orders.ts); set by the dev store's shop. */
  ordersForBulk: (() => Record<string, unknown>[]) | null = null;
  /** Store credit accounts by id (./store-credit.ts). */
  readonly storeCreditAccounts = new Map<string, StoreCreditAccountRecord>();
  /** The most one account may hold (CREDIT_LIMIT_EXCEEDED above it); null: no limit. */
  storeCreditLimitMinor: number | null = null;
  /** A customer's orders as Order objects, oldest first (set by the dev store's shop); null: the state has no orders. */
  ordersOfCustomer: ((customerGid: string) => Record<string, unknown>[]) | null = null;
  private nextMetafieldId = 1;
  private nextDiscountId = 1;
  private nextStoreCreditId = 1;

  addCollection(collection: { id: string; title?: string }): CollectionRecord {
    requireGid(collection.id, "Collection");
    const stored = { id: collection.id, title: collection.title ?? collection.id.split("/").pop() ?? "" };
    this.collections.set(stored.id, stored);
    return stored;
  }

  /** Collections it names that do not exist yet are created. */
  addProduct(product: Partial<ProductRecord> & { id: string }): ProductRecord {
    requireGid(product.id, "Product");
    const stored: ProductRecord = {
      ...withoutUndefined(product),
      id: product.id,
      productType: product.productType ?? "",
      collectionIds: [...(product.collectionIds ?? [])],
    };
    for (const id of stored.collectionIds) if (!this.collections.has(id)) this.addCollection({ id });
    this.products.set(stored.id, stored);
    return stored;
  }

  deleteProduct(id: string): void {
    this.products.delete(id);
  }

  addCustomer(customer: Partial<CustomerRecord> & { id: string }): CustomerRecord {
    requireGid(customer.id, "Customer");
    const stored: CustomerRecord = { ...withoutUndefined(customer), id: customer.id, email: customer.email ?? null };
    this.customers.set(stored.id, stored);
    return stored;
  }

  ownerExists(ownerId: string): boolean {
    return (
      this.products.has(ownerId) ||
      this.collections.has(ownerId) ||
      this.customers.has(ownerId) ||
      ownerId === this.appInstallationId
    );
  }

  metafield(ownerId: string, namespace: string, key: string): MetafieldRecord | undefined {
    return this.metafields.get(ownerId)?.get(`${namespace}.${key}`);
  }

  metafieldsFor(ownerId: string): MetafieldRecord[] {
    return [...(this.metafields.get(ownerId)?.values() ?? [])];
  }

  putMetafield(input: Omit<MetafieldRecord, "id" | "createdAt" | "updatedAt">, now: string): MetafieldRecord {
    const existing = this.metafield(input.ownerId, input.namespace, input.key);
    const stored: MetafieldRecord = {
      ...input,
      id: existing?.id ?? `gid://shopify/Metafield/${this.nextMetafieldId++}`,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    const owned = this.metafields.get(input.ownerId) ?? new Map<string, MetafieldRecord>();
    owned.set(`${input.namespace}.${input.key}`, stored);
    this.metafields.set(input.ownerId, owned);
    return stored;
  }

  deleteMetafield(ownerId: string, namespace: string, key: string): boolean {
    return this.metafields.get(ownerId)?.delete(`${namespace}.${key}`) ?? false;
  }

  /** Stores a code discount (tests seed merchant discounts with it; the create mutations use it too). */
  addDiscount(seed: DiscountSeed, now = new Date().toISOString()): DiscountRecord {
    if (this.discountByCode(seed.code)) throw new Error(`A discount with code "${seed.code}" exists`);
    const n = this.nextDiscountId++;
    const discount: DiscountRecord = {
      id: `gid://shopify/DiscountCodeNode/${n}`,
      redeemCodeId: `gid://shopify/DiscountRedeemCode/${n}`,
      code: seed.code,
      title: seed.title ?? seed.code,
      kind: seed.kind ?? "basic",
      value: seed.value !== undefined ? seed.value : seed.kind === "free_shipping" ? null : { percentage: 0.1 },
      customerGids: seed.customerGids ?? null,
      usageLimit: seed.usageLimit ?? null,
      appliesOncePerCustomer: seed.appliesOncePerCustomer ?? false,
      startsAt: seed.startsAt ?? now,
      endsAt: seed.endsAt ?? null,
      minimum: seed.minimum ?? null,
      combinesWith: seed.combinesWith ?? { productDiscounts: false, orderDiscounts: false, shippingDiscounts: false },
      status: "ACTIVE",
      createdAt: seed.createdAt ?? now,
      ...(seed.usageCount !== undefined ? { usageCount: seed.usageCount } : {}),
      ...(seed.items ? { items: seed.items } : {}),
    };
    discount.status = discountStatusAt(discount, Date.parse(now));
    this.discounts.set(discount.id, discount);
    return discount;
  }

  /** Case-insensitive, as Shopify matches codes. */
  /** The product whose one variant has this ProductVariant GID. */
  productOfVariant(variantGid: string): ProductRecord | undefined {
    const id = /^gid:\/\/shopify\/ProductVariant\/(\d+)$/.exec(variantGid)?.[1];
    if (id === undefined) return undefined;
    for (const product of this.products.values()) if (product.variantId === id) return product;
    return undefined;
  }

  discountByCode(code: string): DiscountRecord | undefined {
    const wanted = code.toUpperCase();
    for (const discount of this.discounts.values()) if (discount.code.toUpperCase() === wanted) return discount;
    return undefined;
  }

  deleteDiscount(id: string): boolean {
    return this.discounts.delete(id);
  }

  openStoreCreditAccount(ownerId: string, currencyCode: string, now: string): StoreCreditAccountRecord {
    void now;
    const account: StoreCreditAccountRecord = { id: `gid://shopify/StoreCreditAccount/${this.nextStoreCreditId++}`, ownerId, currencyCode, balanceMinor: 0, transactions: [] };
    this.storeCreditAccounts.set(account.id, account);
    return account;
  }

  /** Records a credit or debit and moves the balance (the caller checked funds and limits). */
  addStoreCreditTransaction(
    account: StoreCreditAccountRecord,
    input: Pick<StoreCreditTransactionRecord, "kind" | "amountMinor" | "event"> & { expiresAt?: string | null },
    now: string,
  ): StoreCreditTransactionRecord {
    account.balanceMinor += input.kind === "credit" ? input.amountMinor : -input.amountMinor;
    const type = input.kind === "credit" ? "StoreCreditAccountCreditTransaction" : "StoreCreditAccountDebitTransaction";
    const transaction: StoreCreditTransactionRecord = {
      id: `gid://shopify/${type}/${this.nextStoreCreditId++}`,
      accountId: account.id,
      ...input,
      balanceAfterMinor: account.balanceMinor,
      createdAt: now,
    };
    account.transactions.push(transaction);
    return transaction;
  }

  clear(): void {
    this.products.clear();
    this.collections.clear();
    this.customers.clear();
    this.metafields.clear();
    this.discounts.clear();
    this.currencyCode = "USD";
    this.shop = {};
    this.nextMetafieldId = 1;
    this.nextDiscountId = 1;
    this.storeCreditAccounts.clear();
    this.storeCreditLimitMinor = null;
    this.nextStoreCreditId = 1;
  }

  toJSON(): ShopStateSnapshot {
    return {
      currencyCode: this.currencyCode,
      shop: { ...this.shop },
      products: [...this.products.values()],
      collections: [...this.collections.values()],
      customers: [...this.customers.values()],
      metafields: [...this.metafields.values()].flatMap((owned) => [...owned.values()]),
      discounts: [...this.discounts.values()],
      nextMetafieldId: this.nextMetafieldId,
      nextDiscountId: this.nextDiscountId,
      storeCreditAccounts: [...this.storeCreditAccounts.values()],
      nextStoreCreditId: this.nextStoreCreditId,
      storeCreditLimitMinor: this.storeCreditLimitMinor,
    };
  }

  static fromJSON(snapshot: ShopStateSnapshot): ShopState {
    const state = new ShopState();
    state.currencyCode = snapshot.currencyCode;
    state.shop = { ...snapshot.shop };
    for (const collection of snapshot.collections) state.collections.set(collection.id, { ...collection });
    for (const product of snapshot.products) state.products.set(product.id, { ...product, collectionIds: [...product.collectionIds] });
    for (const customer of snapshot.customers) state.customers.set(customer.id, { ...customer });
    for (const metafield of snapshot.metafields) {
      const owned = state.metafields.get(metafield.ownerId) ?? new Map<string, MetafieldRecord>();
      owned.set(`${metafield.namespace}.${metafield.key}`, { ...metafield });
      state.metafields.set(metafield.ownerId, owned);
    }
    for (const discount of snapshot.discounts) state.discounts.set(discount.id, structuredClone(discount));
    state.nextMetafieldId = snapshot.nextMetafieldId;
    state.nextDiscountId = snapshot.nextDiscountId;
    for (const account of snapshot.storeCreditAccounts ?? []) state.storeCreditAccounts.set(account.id, structuredClone(account));
    state.nextStoreCreditId = snapshot.nextStoreCreditId ?? 1;
    state.storeCreditLimitMinor = snapshot.storeCreditLimitMinor ?? null;
    return state;
  }
}

export function discountStatusAt(discount: Pick<DiscountRecord, "startsAt" | "endsAt">, now: number): DiscountStatus {
  if (Date.parse(discount.startsAt) > now) return "SCHEDULED";
  if (discount.endsAt !== null && Date.parse(discount.endsAt) <= now) return "EXPIRED";
  return "ACTIVE";
}

/** The numeric part of a GID ("gid://shopify/Customer/3" → "3"). */
export function gidNumber(gid: string): string {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(gid);
  if (!match?.[1]) throw new Error(`Not a GID: "${gid}"`);
  return match[1];
}

function requireGid(id: string, type: string): void {
  if (!new RegExp(`^gid://shopify/${type}/\\d+$`).test(id)) throw new Error(`Not a ${type} GID: "${id}"`);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
