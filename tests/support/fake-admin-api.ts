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
 *   metafields). A field the fake does not model fails loudly ("not modeled by the fake") instead of
 *   answering null, so a test never passes on data the fake made up.
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

export type FailureKind = "throttled" | "http429" | "http500" | "network";

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

export class FakeShopState {
  readonly products = new Map<string, FakeProduct>();
  readonly collections = new Map<string, FakeCollection>();
  readonly customers = new Map<string, FakeCustomer>();
  /** ownerId → "namespace.key" → metafield */
  readonly metafields = new Map<string, Map<string, FakeMetafield>>();
  private nextMetafieldId = 1;

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

  clear(): void {
    this.products.clear();
    this.collections.clear();
    this.customers.clear();
    this.metafields.clear();
    this.nextMetafieldId = 1;
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
    bucket.available = Math.min(BUCKET_MAXIMUM, bucket.available + ((t - bucket.at) / 1000) * BUCKET_RESTORE_RATE);
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
      if (failure) {
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
