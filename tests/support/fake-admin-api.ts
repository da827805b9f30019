/**
 * A fake of Shopify's Admin GraphQL endpoint at the network edge (msw), for tests.
 *
 * Rules:
 * - Start it BEFORE anything imports `~/shopify.server`: @shopify/shopify-api captures `globalThis.fetch` when it
 *   is imported, and msw only intercepts through the `fetch` it installs on `listen()`. In a test file:
 *
 *     import { startFakeAdminApi } from "../tests/support/fake-admin-api";
 *     const fake = startFakeAdminApi();                       // runs before the dynamic import below
 *     const { adminGraphqlForShop } = await import("~/shopify/admin-graphql.server");
 *     afterEach(() => fake.reset());
 *     afterAll(() => fake.close());
 *
 *   (static imports are hoisted, so the app must come in through `await import()`), or start it in a vitest
 *   `setupFiles` module, which runs before each test file's imports. One fake per process: a second
 *   `startFakeAdminApi()` returns the running one, and a closed fake must not be restarted in the same
 *   module graph (the library would keep the dead interceptor's `fetch`) — `reset()` between tests instead.
 * - Like Shopify: every request needs `X-Shopify-Access-Token` (else 401); a document or variables that fail
 *   validation against the real 2026-10 schema are refused with HTTP 200 and `errors`, nothing executed; a
 *   requested cost over 1,000 is refused (MAX_COST_EXCEEDED); a request larger than the bucket is THROTTLED;
 *   every answer carries `extensions.cost` (bucket 2,000, restoring 100/s on the fake's clock).
 * - Valid operations run on graphql-js `execute` over in-memory state (products, collections, customers,
 *   metafields, code discounts). A field the fake does not model fails loudly ("not modeled by the fake") instead
 *   of answering null, so a test never passes on data the fake made up; so does an input field it does not model.
 * - Code discounts (discountCodeBasicCreate, discountCodeFreeShippingCreate, discountCodeDelete,
 *   codeDiscountNodeByCode): codes are unique and looked up case-insensitively, as Shopify does. The userErrors it
 *   answers are the ones captured from a real store (2026-04): duplicate code (TAKEN); missing, empty, two-line or
 *   over-long code; blank title; percentage outside 0..1; negative amount; endsAt before startsAt; free shipping
 *   combining with shipping discounts (its own class). Customer GIDs in `context.customers.add` are accepted without checking they exist (what Shopify
 *   answers for an unknown customer is not known here). `status` is derived from startsAt/endsAt on the fake's clock.
 * - `failNext(n, "lost-response")` executes the operation, state changes included, then drops the answer (a network
 *   error): the "did my mutation happen?" case.
 * - State is shared by all shops; `operations` records the shop of each request.
 */
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";
import { defaultFieldResolver, execute, GraphQLError, type GraphQLFieldResolver } from "graphql";
import { adminSchema, ADMIN_SCHEMA_VERSION, checkAdminOperation } from "./admin-schema";
import { calculateQueryCost, MAX_SINGLE_QUERY_COST } from "./query-cost";

export const FAKE_APP_ID = "1234567";
/** How the fake stores the "$app" namespace, as Shopify does (`app--<app id>`). */
export const FAKE_APP_NAMESPACE = `app--${FAKE_APP_ID}`;

export const BUCKET_MAXIMUM = 2000;
export const BUCKET_RESTORE_RATE = 100;

/** "lost-response": the operation runs (state changes) but the client gets a network error instead of the answer. */
export type FailureKind = "throttled" | "http429" | "http500" | "network" | "lost-response";

export interface FailureOptions {
  /** "throttled": the `currentlyAvailable` to report (default 0). */
  currentlyAvailable?: number;
  /** "http429": the Retry-After header in seconds (default "2.0"). */
  retryAfter?: string;
}

export type OperationOutcome = "ok" | "invalid" | "max-cost" | "unauthorized" | FailureKind;

export interface RecordedOperation {
  shop: string;
  accessToken: string | null;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  /** The document's own operation name (`query ProductsForEarning`), when it parsed. */
  name: string | null;
  outcome: OperationOutcome;
  requestedQueryCost: number | null;
}

export interface FakeMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeProduct {
  id: string;
  productType: string;
  collectionIds: string[];
}

export interface FakeCollection {
  id: string;
  title: string;
}

export interface FakeCustomer {
  id: string;
  email: string | null;
}

export type FakeDiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

/** A basic discount's value: a 0..1 fraction, or a Decimal amount exactly as it was sent. */
export type FakeDiscountValue = { percentage: number } | { amount: string; appliesOnEachItem: boolean };

export interface FakeDiscountCombinesWith {
  productDiscounts: boolean;
  orderDiscounts: boolean;
  shippingDiscounts: boolean;
}

/** A code discount on all items (basic) or all countries (free shipping), with one code. */
export interface FakeDiscount {
  /** gid://shopify/DiscountCodeNode/… */
  id: string;
  /** gid://shopify/DiscountRedeemCode/… of its one code. */
  redeemCodeId: string;
  code: string;
  title: string;
  kind: "basic" | "free_shipping";
  /** null for free shipping. */
  value: FakeDiscountValue | null;
  /** null: every buyer (`context: { all: ALL }`). */
  customerGids: string[] | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  startsAt: string;
  endsAt: string | null;
  /** Minimum subtotal, a Decimal exactly as it was sent. */
  minimum: { subtotal: string } | null;
  combinesWith: FakeDiscountCombinesWith;
  /** As of the last time the fake read it (derived from startsAt/endsAt). */
  status: FakeDiscountStatus;
  createdAt: string;
}

export type FakeDiscountSeed = Pick<FakeDiscount, "code"> &
  Partial<Omit<FakeDiscount, "id" | "redeemCodeId" | "status">>;

export class FakeShopState {
  readonly products = new Map<string, FakeProduct>();
  readonly collections = new Map<string, FakeCollection>();
  readonly customers = new Map<string, FakeCustomer>();
  /** ownerId → "namespace.key" → metafield */
  readonly metafields = new Map<string, Map<string, FakeMetafield>>();
  /** DiscountCodeNode id → discount */
  readonly discounts = new Map<string, FakeDiscount>();
  /** The shop currency, for MoneyV2 answers. */
  currencyCode = "USD";
  private nextMetafieldId = 1;
  private nextDiscountId = 1;

  addCollection(collection: { id: string; title?: string }): FakeCollection {
    requireGid(collection.id, "Collection");
    const stored = { id: collection.id, title: collection.title ?? collection.id.split("/").pop() ?? "" };
    this.collections.set(stored.id, stored);
    return stored;
  }

  /** Collections it names that do not exist yet are created. */
  addProduct(product: { id: string; productType?: string; collectionIds?: string[] }): FakeProduct {
    requireGid(product.id, "Product");
    const stored = {
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

  addCustomer(customer: { id: string; email?: string }): FakeCustomer {
    requireGid(customer.id, "Customer");
    const stored = { id: customer.id, email: customer.email ?? null };
    this.customers.set(stored.id, stored);
    return stored;
  }

  ownerExists(ownerId: string): boolean {
    return this.products.has(ownerId) || this.collections.has(ownerId) || this.customers.has(ownerId);
  }

  metafield(ownerId: string, namespace: string, key: string): FakeMetafield | undefined {
    return this.metafields.get(ownerId)?.get(`${namespace}.${key}`);
  }

  putMetafield(input: Omit<FakeMetafield, "id" | "createdAt" | "updatedAt">, now: string): FakeMetafield {
    const existing = this.metafield(input.ownerId, input.namespace, input.key);
    const stored: FakeMetafield = {
      ...input,
      id: existing?.id ?? `gid://shopify/Metafield/${this.nextMetafieldId++}`,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    const owned = this.metafields.get(input.ownerId) ?? new Map<string, FakeMetafield>();
    owned.set(`${input.namespace}.${input.key}`, stored);
    this.metafields.set(input.ownerId, owned);
    return stored;
  }

  deleteMetafield(ownerId: string, namespace: string, key: string): boolean {
    return this.metafields.get(ownerId)?.delete(`${namespace}.${key}`) ?? false;
  }

  /** Stores a code discount (tests seed merchant discounts with it; the create mutations use it too). */
  addDiscount(seed: FakeDiscountSeed, now = new Date().toISOString()): FakeDiscount {
    if (this.discountByCode(seed.code)) throw new Error(`A discount with code "${seed.code}" exists`);
    const n = this.nextDiscountId++;
    const discount: FakeDiscount = {
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
    };
    discount.status = discountStatusAt(discount, Date.parse(now));
    this.discounts.set(discount.id, discount);
    return discount;
  }

  /** Case-insensitive, as Shopify matches codes. */
  discountByCode(code: string): FakeDiscount | undefined {
    const wanted = code.toUpperCase();
    for (const discount of this.discounts.values()) if (discount.code.toUpperCase() === wanted) return discount;
    return undefined;
  }

  deleteDiscount(id: string): boolean {
    return this.discounts.delete(id);
  }

  clear(): void {
    this.products.clear();
    this.collections.clear();
    this.customers.clear();
    this.metafields.clear();
    this.discounts.clear();
    this.currencyCode = "USD";
    this.nextMetafieldId = 1;
    this.nextDiscountId = 1;
  }
}

export interface FakeAdminApi {
  readonly state: FakeShopState;
  readonly operations: readonly RecordedOperation[];
  /** The next `count` requests (that pass validation) fail this way. */
  failNext(count: number, kind: FailureKind, options?: FailureOptions): void;
  /** Sets the bucket's level now (e.g. 0 to make the next request throttle for real). */
  setBucket(currentlyAvailable: number): void;
  metafieldsFor(ownerGid: string): FakeMetafield[];
  /** The code discount with this code (case-insensitive), its status derived now. */
  discountByCode(code: string): FakeDiscount | undefined;
  /** Clears state, log, queued failures, and refills the bucket. */
  reset(): void;
  close(): void;
}

export interface FakeAdminApiOptions {
  /** Clock for the bucket and timestamps (default Date.now, which vitest's fake timers also drive). */
  now?: () => number;
}

const RUNNING = Symbol.for("loyalty.fakeAdminApi");
type GlobalWithFake = typeof globalThis & { [RUNNING]?: FakeAdminApi };

export function startFakeAdminApi(options: FakeAdminApiOptions = {}): FakeAdminApi {
  const global = globalThis as GlobalWithFake;
  const running = global[RUNNING];
  if (running) return running;

  const now = options.now ?? (() => Date.now());
  const state = new FakeShopState();
  const operations: RecordedOperation[] = [];
  let failures: { kind: FailureKind; options: FailureOptions }[] = [];
  const bucket = { available: BUCKET_MAXIMUM, at: now() };

  const refill = () => {
    const t = now();
    // A test that moves the clock back (fake timers) must not drain the bucket.
    const elapsedMs = Math.max(0, t - bucket.at);
    bucket.available = Math.min(BUCKET_MAXIMUM, bucket.available + (elapsedMs / 1000) * BUCKET_RESTORE_RATE);
    bucket.at = t;
  };
  const throttleStatus = (currentlyAvailable = bucket.available): ThrottleStatus => ({
    maximumAvailable: BUCKET_MAXIMUM,
    currentlyAvailable: Math.floor(currentlyAvailable),
    restoreRate: BUCKET_RESTORE_RATE,
  });

  const server = setupServer(
    http.post(`https://:shop/admin/api/${ADMIN_SCHEMA_VERSION}/graphql.json`, async ({ request, params }) => {
      const shop = String(params.shop);
      const accessToken = request.headers.get("x-shopify-access-token");
      const body = (await request.json().catch(() => null)) as {
        query?: unknown;
        variables?: unknown;
        operationName?: unknown;
      } | null;
      const query = typeof body?.query === "string" ? body.query : "";
      const variables = isRecord(body?.variables) ? body.variables : {};
      const operationName = typeof body?.operationName === "string" ? body.operationName : null;
      const record: RecordedOperation = {
        shop,
        accessToken,
        query,
        variables,
        operationName,
        name: null,
        outcome: "ok",
        requestedQueryCost: null,
      };
      operations.push(record);

      if (!accessToken) {
        record.outcome = "unauthorized";
        return HttpResponse.json(
          { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
          { status: 401 }
        );
      }

      const checked = checkAdminOperation(query, variables, operationName ?? undefined);
      if (!checked.ok) {
        record.outcome = "invalid";
        return HttpResponse.json({ errors: checked.errors.map((e) => e.toJSON()) });
      }
      record.name = checked.operation.name?.value ?? null;
      const schema = adminSchema();
      const requested = calculateQueryCost(schema, checked.document, checked.operation, checked.variables);
      record.requestedQueryCost = requested;

      const failure = failures.shift();
      if (failure && failure.kind !== "lost-response") {
        record.outcome = failure.kind;
        switch (failure.kind) {
          case "network":
            return HttpResponse.error();
          case "http500":
            return HttpResponse.json({ errors: "Internal Server Error" }, { status: 500 });
          case "http429":
            return HttpResponse.json(
              {
                errors:
                  "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
              },
              { status: 429, headers: { "Retry-After": failure.options.retryAfter ?? "2.0" } }
            );
          case "throttled":
            return throttled(requested, throttleStatus(failure.options.currentlyAvailable ?? 0));
        }
      }

      if (requested > MAX_SINGLE_QUERY_COST) {
        record.outcome = "max-cost";
        return HttpResponse.json({
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
            },
          ],
        });
      }
      refill();
      if (requested > bucket.available) {
        record.outcome = "throttled";
        return throttled(requested, throttleStatus());
      }
      bucket.available -= requested;

      const result = await execute({
        schema,
        document: checked.document,
        operationName: operationName ?? undefined,
        variableValues: variables,
        rootValue: rootValue(state, new Date(now()).toISOString()),
        fieldResolver: strictFieldResolver,
      });
      const data = (result.data ?? null) as Record<string, unknown> | null;
      const actual = calculateQueryCost(schema, checked.document, checked.operation, checked.variables, data);
      bucket.available += Math.max(0, requested - actual); // Shopify refunds what was requested but not used
      if (failure?.kind === "lost-response") {
        record.outcome = "lost-response";
        return HttpResponse.error();
      }
      return HttpResponse.json({
        ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
        data,
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() },
        },
      });
    })
  );
  server.listen({ onUnhandledRequest: "error" });

  const fake: FakeAdminApi = {
    state,
    operations,
    failNext(count, kind, failureOptions = {}) {
      for (let i = 0; i < count; i++) failures.push({ kind, options: failureOptions });
    },
    setBucket(currentlyAvailable) {
      bucket.available = currentlyAvailable;
      bucket.at = now();
    },
    metafieldsFor(ownerGid) {
      return [...(state.metafields.get(ownerGid)?.values() ?? [])];
    },
    discountByCode(code) {
      const discount = state.discountByCode(code);
      if (discount) discount.status = discountStatusAt(discount, now());
      return discount;
    },
    reset() {
      state.clear();
      operations.length = 0;
      failures = [];
      bucket.available = BUCKET_MAXIMUM;
      bucket.at = now();
    },
    close() {
      server.close();
      delete global[RUNNING];
    },
  };
  global[RUNNING] = fake;
  return fake;
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

function throttled(requestedQueryCost: number, status: ThrottleStatus) {
  return HttpResponse.json({
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: status } },
  });
}

/** Resolves only what the fake models; anything else is an explicit error, not a silent null. */
const strictFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (!isRecord(source) || !(info.fieldName in source)) {
    throw new GraphQLError(`${info.parentType.name}.${info.fieldName} is not modeled by the fake Admin API`);
  }
  return defaultFieldResolver(source, args, context, info);
};

// ---- Resolvers over the in-memory state -------------------------------------------------------------

const MODELED_METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
]);
const MAX_METAFIELDS_PER_SET = 25;
const MAX_PAGE_SIZE = 250;

interface MetafieldsSetArg {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

interface UserError {
  field: string[] | null;
  message: string;
  code: string;
  elementIndex: number | null;
}

function rootValue(state: FakeShopState, now: string) {
  const node = (id: string) => {
    const product = state.products.get(id);
    if (product) return productObject(state, product);
    const collection = state.collections.get(id);
    if (collection) return collectionObject(collection);
    const customer = state.customers.get(id);
    if (customer) return customerObject(state, customer);
    const discount = state.discounts.get(id);
    if (discount) return codeDiscountNodeObject(state, discount, now);
    return null;
  };
  return {
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > MAX_PAGE_SIZE) throw new GraphQLError(`nodes accepts at most ${MAX_PAGE_SIZE} ids`);
      return ids.map((id) => node(requireGidArgument(id)));
    },
    node: ({ id }: { id: string }) => node(requireGidArgument(id)),
    product: ({ id }: { id: string }) => {
      const product = state.products.get(requireGidArgument(id));
      return product ? productObject(state, product) : null;
    },
    collection: ({ id }: { id: string }) => {
      const collection = state.collections.get(requireGidArgument(id));
      return collection ? collectionObject(collection) : null;
    },
    customer: ({ id }: { id: string }) => {
      const customer = state.customers.get(requireGidArgument(id));
      return customer ? customerObject(state, customer) : null;
    },
    codeDiscountNode: ({ id }: { id: string }) => {
      const discount = state.discounts.get(requireGidArgument(id));
      return discount ? codeDiscountNodeObject(state, discount, now) : null;
    },
    codeDiscountNodeByCode: ({ code }: { code: string }) => {
      const discount = state.discountByCode(code);
      return discount ? codeDiscountNodeObject(state, discount, now) : null;
    },
    discountCodeBasicCreate: ({ basicCodeDiscount }: { basicCodeDiscount: Record<string, unknown> }) =>
      createCodeDiscount(state, "basic", "basicCodeDiscount", basicCodeDiscount, now),
    discountCodeFreeShippingCreate: (args: { freeShippingCodeDiscount: Record<string, unknown> }) =>
      createCodeDiscount(state, "free_shipping", "freeShippingCodeDiscount", args.freeShippingCodeDiscount, now),
    discountCodeDelete: ({ id }: { id: string }) =>
      state.deleteDiscount(requireGidArgument(id))
        ? { deletedCodeDiscountId: id, userErrors: [] }
        : {
            deletedCodeDiscountId: null,
            userErrors: [discountUserError(["id"], "Code discount does not exist.", "INVALID")],
          },
    metafieldsSet: ({ metafields }: { metafields: MetafieldsSetArg[] }) => metafieldsSet(state, metafields, now),
    metafieldsDelete: ({ metafields }: { metafields: { ownerId: string; namespace: string; key: string }[] }) => ({
      deletedMetafields: metafields.map((m) => {
        const namespace = resolveNamespace(m.namespace);
        return state.deleteMetafield(m.ownerId, namespace, m.key)
          ? { ownerId: m.ownerId, namespace, key: m.key }
          : null;
      }),
      userErrors: [],
    }),
  };
}

function productObject(state: FakeShopState, product: FakeProduct) {
  return {
    __typename: "Product",
    id: product.id,
    productType: product.productType,
    collections: (args: PageArgs) =>
      connection(
        product.collectionIds.flatMap((id) => {
          const collection = state.collections.get(id);
          return collection ? [collectionObject(collection)] : [];
        }),
        args
      ),
  };
}

function collectionObject(collection: FakeCollection) {
  return {
    __typename: "Collection",
    id: collection.id,
    title: collection.title,
    handle: collection.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
  };
}

function customerObject(state: FakeShopState, customer: FakeCustomer) {
  return {
    __typename: "Customer",
    id: customer.id,
    email: customer.email,
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      const stored = state.metafield(customer.id, resolveNamespace(namespace), key);
      return stored ? metafieldObject(stored) : null;
    },
  };
}

function metafieldObject(metafield: FakeMetafield) {
  return {
    __typename: "Metafield",
    id: metafield.id,
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: jsonValue(metafield),
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
  };
}

/** `jsonValue` is the value as JSON: parsed JSON, a number for integers, a boolean for booleans. */
function jsonValue(metafield: FakeMetafield): unknown {
  switch (metafield.type) {
    case "json":
      return JSON.parse(metafield.value);
    case "number_integer":
      return Number(metafield.value);
    case "boolean":
      return metafield.value === "true";
    default:
      return metafield.value;
  }
}

function metafieldsSet(state: FakeShopState, inputs: MetafieldsSetArg[], now: string) {
  if (inputs.some((m) => m.compareDigest !== undefined)) {
    throw new GraphQLError("compareDigest is not modeled by the fake Admin API");
  }
  const userErrors: UserError[] = [];
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    userErrors.push({
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
  }
  const resolved = inputs.map((input, index) => {
    const error = (field: string, message: string, code: string) =>
      userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
    const namespace = resolveNamespace(input.namespace);
    if (!state.ownerExists(input.ownerId)) error("ownerId", "Owner does not exist.", "INVALID");
    if (!/^[A-Za-z0-9_-]{2,64}$/.test(input.key)) error("key", "Key is invalid.", "INVALID");
    const existing = state.metafield(input.ownerId, namespace, input.key);
    const type = input.type ?? existing?.type;
    if (!type) error("type", "Type can't be blank.", "BLANK");
    else if (existing && existing.type !== type)
      error("type", "Type does not match the existing metafield's type.", "INVALID_TYPE");
    else if (!MODELED_METAFIELD_TYPES.has(type)) error("type", `Type "${type}" is invalid.`, "INVALID_TYPE");
    else {
      const problem = metafieldValueProblem(type, input.value);
      if (problem) error("value", problem.message, problem.code);
    }
    return { ownerId: input.ownerId, namespace, key: input.key, type: type ?? "", value: input.value };
  });
  // metafieldsSet is atomic: one bad entry and nothing is written.
  if (userErrors.length > 0) return { metafields: [], userErrors };
  return { metafields: resolved.map((m) => metafieldObject(state.putMetafield(m, now))), userErrors };
}

/** Shopify's value checks for the types the fake models; null when the value is acceptable. */
export function metafieldValueProblem(type: string, value: string): { message: string; code: string } | null {
  if (value.trim() === "") return { message: "Value can't be blank.", code: "BLANK" };
  switch (type) {
    case "number_integer": {
      if (!/^[-+]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        return { message: "Value must be an integer.", code: "INVALID_VALUE" };
      }
      return null;
    }
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value) ? null : { message: "Value must be a decimal.", code: "INVALID_VALUE" };
    case "boolean":
      return value === "true" || value === "false"
        ? null
        : { message: "Value must be true or false.", code: "INVALID_VALUE" };
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? { message: "Value must be a single line of text.", code: "INVALID_VALUE" } : null;
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return { message: `Value is invalid JSON: ${(error as Error).message}.`, code: "INVALID_VALUE" };
      }
    default:
      return null;
  }
}

// ---- Code discounts ----------------------------------------------------------------------------------------------

interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string;
  extraInfo: null;
}

function discountUserError(field: string[], message: string, code: string): DiscountUserError {
  return { field, message, code, extraInfo: null };
}

export function discountStatusAt(discount: Pick<FakeDiscount, "startsAt" | "endsAt">, now: number): FakeDiscountStatus {
  if (Date.parse(discount.startsAt) > now) return "SCHEDULED";
  if (discount.endsAt !== null && Date.parse(discount.endsAt) <= now) return "EXPIRED";
  return "ACTIVE";
}

/** Input fields the fake models (`true`: a value; an object: its modeled fields). Anything else fails loudly. */
type InputShape = { readonly [field: string]: true | InputShape };

const COMMON_DISCOUNT_INPUT: InputShape = {
  code: true,
  title: true,
  startsAt: true,
  endsAt: true,
  usageLimit: true,
  appliesOncePerCustomer: true,
  context: { all: true, customers: { add: true } },
  combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: true },
  minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: true } },
};
const BASIC_DISCOUNT_INPUT: InputShape = {
  ...COMMON_DISCOUNT_INPUT,
  customerGets: {
    items: { all: true },
    value: { percentage: true, discountAmount: { amount: true, appliesOnEachItem: true } },
  },
};
const FREE_SHIPPING_DISCOUNT_INPUT: InputShape = { ...COMMON_DISCOUNT_INPUT, destination: { all: true } };

function requireModeledInput(value: unknown, shape: InputShape, path: string): void {
  if (!isRecord(value)) return;
  for (const [field, fieldValue] of Object.entries(value)) {
    const modeled = shape[field];
    if (modeled === undefined) {
      if (fieldValue === undefined) continue;
      throw new GraphQLError(`Input ${path}.${field} is not modeled by the fake Admin API`);
    }
    if (modeled !== true) requireModeledInput(fieldValue, modeled, `${path}.${field}`);
  }
}

function notModeled(path: string, why: string): GraphQLError {
  return new GraphQLError(`Input ${path} ${why}: not modeled by the fake Admin API`);
}

/** A Decimal input as Shopify parses it (a JSON string or number); the original text is kept. */
function decimalArgument(value: unknown, path: string): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^-?\d+(\.\d+)?$/.test(text)) {
    throw new GraphQLError(`Variable for ${path} was provided invalid value (invalid decimal '${String(value)}')`);
  }
  return text;
}

function dateTimeArgument(value: unknown, path: string): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(`Variable for ${path} was provided invalid value (invalid DateTime '${String(value)}')`);
  }
  return value;
}

/** Shopify answers Decimals in MoneyV2 without trailing zeros, keeping one fraction digit: "10.00" → "10.0". */
function shopifyDecimal(decimal: string): string {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}

function createCodeDiscount(
  state: FakeShopState,
  kind: FakeDiscount["kind"],
  argument: string,
  input: Record<string, unknown>,
  now: string
) {
  requireModeledInput(input, kind === "basic" ? BASIC_DISCOUNT_INPUT : FREE_SHIPPING_DISCOUNT_INPUT, argument);
  const userErrors: DiscountUserError[] = [];
  const error = (field: string[], message: string, code: string) =>
    userErrors.push(discountUserError([argument, ...field], message, code));

  const combinesWith = (input.combinesWith ?? {}) as Partial<FakeDiscountCombinesWith>;
  // Shopify checks this first (a discount may not combine with its own class).
  if (kind === "free_shipping" && combinesWith.shippingDiscounts === true) {
    error(
      ["combinesWith"],
      "The combinesWith settings are not valid for the discount class.",
      "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS"
    );
  }

  const title = typeof input.title === "string" ? input.title : "";
  if (title.trim() === "") error(["title"], "Title can't be blank", "BLANK");
  else if (title.length > 255) error(["title"], "Title is too long (maximum is 255 characters)", "TOO_LONG");

  const code = input.code;
  if (typeof code !== "string") error(["code"], "Code can't be blank", "BLANK");
  else if (code === "") error(["code"], "Code is too short (minimum is 1 character)", "TOO_SHORT");
  else if (/[\r\n]/.test(code)) error(["code"], "Code cannot contain newline characters.", "INVALID");
  else if (code.length > 255) error(["code"], "Code is too long (maximum is 255 characters)", "TOO_LONG");
  else if (state.discountByCode(code)) error(["code"], "Code must be unique. Please try a different code.", "TAKEN");

  if (input.startsAt == null) throw notModeled(`${argument}.startsAt`, "missing");
  const startsAt = dateTimeArgument(input.startsAt, `${argument}.startsAt`);
  const endsAt = input.endsAt == null ? null : dateTimeArgument(input.endsAt, `${argument}.endsAt`);
  if (endsAt !== null && Date.parse(endsAt) < Date.parse(startsAt)) {
    error(["endsAt"], "Ends at needs to be after starts_at", "INVALID");
  }

  const customerGids = discountCustomers(input.context, `${argument}.context`);
  const usageLimit = input.usageLimit ?? null;
  if (usageLimit !== null && (typeof usageLimit !== "number" || usageLimit < 1)) {
    throw notModeled(`${argument}.usageLimit`, `of ${String(usageLimit)}`);
  }

  let value: FakeDiscountValue | null = null;
  if (kind === "basic") {
    const customerGets = input.customerGets as
      | { items?: { all?: boolean }; value?: Record<string, unknown> }
      | undefined;
    if (customerGets?.items?.all !== true) {
      throw notModeled(`${argument}.customerGets.items`, "other than { all: true }");
    }
    const given = customerGets.value ?? {};
    if (typeof given.percentage === "number" && given.discountAmount === undefined) {
      value = { percentage: given.percentage };
      if (given.percentage < 0 || given.percentage > 1) {
        error(["customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      }
    } else if (isRecord(given.discountAmount) && given.percentage === undefined) {
      const path = `${argument}.customerGets.value.discountAmount.amount`;
      value = {
        amount: decimalArgument(given.discountAmount.amount, path),
        appliesOnEachItem: given.discountAmount.appliesOnEachItem === true,
      };
      // Shopify's own wording for a negative amount (captured 2026-04).
      if (value.amount.startsWith("-")) {
        const field = ["customerGets", "value", "discountAmount", "amount"];
        error(field, "Value must be less than or equal to 0", "LESS_THAN_OR_EQUAL_TO");
      }
    } else {
      throw notModeled(`${argument}.customerGets.value`, "without exactly one of percentage or discountAmount");
    }
  } else if (!isRecord(input.destination) || input.destination.all !== true) {
    throw notModeled(`${argument}.destination`, "other than { all: true }");
  }

  const requirement = input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: unknown } } | null;
  const subtotal = requirement?.subtotal?.greaterThanOrEqualToSubtotal;
  const minimum =
    subtotal == null ? null : { subtotal: decimalArgument(subtotal, `${argument}.minimumRequirement.subtotal`) };

  if (userErrors.length > 0) return { codeDiscountNode: null, userErrors };
  const discount = state.addDiscount(
    {
      code: code as string,
      title,
      kind,
      value,
      customerGids,
      usageLimit: usageLimit as number | null,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      startsAt,
      endsAt,
      minimum,
      combinesWith: {
        productDiscounts: combinesWith.productDiscounts === true,
        orderDiscounts: combinesWith.orderDiscounts === true,
        shippingDiscounts: combinesWith.shippingDiscounts === true,
      },
    },
    now
  );
  return { codeDiscountNode: codeDiscountNodeObject(state, discount, now), userErrors };
}

/** `context`: every buyer (null) or the customers it adds. */
function discountCustomers(context: unknown, path: string): string[] | null {
  if (!isRecord(context)) throw notModeled(path, "missing");
  if (context.all === "ALL") return null;
  const add = isRecord(context.customers) ? context.customers.add : undefined;
  if (!Array.isArray(add) || add.length === 0) throw notModeled(`${path}.customers.add`, "empty");
  for (const id of add) {
    if (typeof id !== "string" || !/^gid:\/\/shopify\/Customer\/\d+$/.test(id)) {
      throw notModeled(`${path}.customers.add`, `with "${String(id)}" (not a Customer GID)`);
    }
  }
  return [...new Set(add as string[])];
}

function codeDiscountNodeObject(state: FakeShopState, discount: FakeDiscount, now: string) {
  return { __typename: "DiscountCodeNode", id: discount.id, codeDiscount: codeDiscountObject(state, discount, now) };
}

function codeDiscountObject(state: FakeShopState, discount: FakeDiscount, now: string) {
  discount.status = discountStatusAt(discount, Date.parse(now));
  const money = (amount: string) => ({
    __typename: "MoneyV2",
    amount: shopifyDecimal(amount),
    currencyCode: state.currencyCode,
  });
  const common = {
    title: discount.title,
    status: discount.status,
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: 0,
    combinesWith: { ...discount.combinesWith },
    codes: (args: PageArgs) =>
      connection(
        [{ __typename: "DiscountRedeemCode", id: discount.redeemCodeId, code: discount.code, asyncUsageCount: 0 }],
        args
      ),
    context:
      discount.customerGids === null
        ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
        : {
            __typename: "DiscountCustomers",
            customers: discount.customerGids.map((id) => {
              const customer = state.customers.get(id);
              return customer ? customerObject(state, customer) : { __typename: "Customer", id };
            }),
          },
    minimumRequirement: discount.minimum
      ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(discount.minimum.subtotal) }
      : null,
  };
  if (discount.kind === "free_shipping") {
    return {
      ...common,
      __typename: "DiscountCodeFreeShipping",
      discountClasses: ["SHIPPING"],
      destinationSelection: { __typename: "DiscountCountryAll", allCountries: true },
    };
  }
  const value = discount.value;
  return {
    ...common,
    __typename: "DiscountCodeBasic",
    discountClasses: ["ORDER"], // all items: Shopify files it as an order discount
    customerGets: {
      items: { __typename: "AllDiscountItems", allItems: true },
      value:
        value === null || "percentage" in value
          ? { __typename: "DiscountPercentage", percentage: value?.percentage ?? 0 }
          : { __typename: "DiscountAmount", amount: money(value.amount), appliesOnEachItem: value.appliesOnEachItem },
    },
  };
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
  query?: string | null;
  sortKey?: string | null;
}

/** A Relay connection over `items` (which carry `id`), paged forward by opaque cursors as Shopify's are. */
function connection<T extends { id: string }>(items: T[], args: PageArgs) {
  // graphql-js fills in the schema defaults (reverse: false, sortKey: ID), which is the order the fake keeps.
  if (
    args.last != null ||
    args.before != null ||
    args.reverse ||
    args.query != null ||
    (args.sortKey ?? "ID") !== "ID"
  ) {
    throw new GraphQLError("last/before/reverse/query/sortKey are not modeled by the fake Admin API");
  }
  if (args.first == null) throw new GraphQLError("you must provide one of first or last");
  if (args.first < 0 || args.first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  let start = 0;
  if (args.after != null) {
    const afterId = decodeCursor(args.after);
    const index = items.findIndex((item) => item.id === afterId);
    if (index < 0) throw new GraphQLError(`Invalid cursor: ${args.after}`);
    start = index + 1;
  }
  const page = items.slice(start, start + args.first);
  const cursors = page.map((item) => encodeCursor(item.id));
  return {
    nodes: page,
    edges: page.map((node, i) => ({ cursor: cursors[i], node })),
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ last_id: id })).toString("base64");
}

function decodeCursor(cursor: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as unknown;
    return isRecord(parsed) && typeof parsed.last_id === "string" ? parsed.last_id : null;
  } catch {
    return null;
  }
}

function resolveNamespace(namespace: string | null | undefined): string {
  return namespace == null || namespace === "$app" ? FAKE_APP_NAMESPACE : namespace;
}

function requireGidArgument(id: string): string {
  if (!/^gid:\/\/shopify\/[A-Za-z]+\/\d+$/.test(id)) throw new GraphQLError(`Invalid global id '${id}'`);
  return id;
}

function requireGid(id: string, type: string): void {
  if (!new RegExp(`^gid://shopify/${type}/\\d+$`).test(id)) throw new Error(`Not a ${type} GID: "${id}"`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
