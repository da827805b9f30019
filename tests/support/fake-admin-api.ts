/**
 * A fake of Shopify's Admin GraphQL endpoint at the network edge (msw), for tests. The endpoint itself — schema
 * validation, cost and throttling, resolvers over in-memory state — is the dev store's (devstore/admin-api/); this
 * file only serves it to `fetch` through msw.
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
 * - Like Shopify (devstore/admin-api/endpoint.ts): every request needs `X-Shopify-Access-Token` (else 401); a
 *   document or variables that fail validation against the real 2026-10 schema are refused with HTTP 200 and
 *   `errors`, nothing executed; a requested cost over 1,000 is refused (MAX_COST_EXCEEDED); a request larger than
 *   the bucket is THROTTLED; every answer carries `extensions.cost` (bucket 2,000, restoring 100/s on the fake's
 *   clock).
 * - A field the state does not hold fails loudly ("not modeled by the fake Admin API") instead of answering null,
 *   so a test never passes on data the fake made up; so does an input field it does not model
 *   (devstore/admin-api/resolvers.ts lists what is modeled, code discounts' userErrors included).
 * - `failNext(n, "lost-response")` executes the operation, state changes included, then drops the answer (a network
 *   error): the "did my mutation happen?" case.
 * - State is shared by all shops; `operations` records the shop of each request.
 */
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";
import {
  ADMIN_SCHEMA_VERSION,
  AdminApiEndpoint,
  appNamespace,
  BulkOperations,
  DEFAULT_BULK_RESULT_ORIGIN,
  DEFAULT_APP_ID,
  discountStatusAt,
  ShopState,
  type DiscountRecord,
  type FailureKind,
  type FailureOptions,
  type MetafieldRecord,
  type RecordedOperation,
} from "../../devstore/admin-api";
import { answerTokenRequest } from "../../devstore/oauth";
import { seedShop } from "../../devstore/seed";
import { DevShop } from "../../devstore/shop";
import { TEST_API_KEY, TEST_API_SECRET } from "./test-env";

export {
  BUCKET_MAXIMUM,
  BUCKET_RESTORE_RATE,
  discountStatusAt,
  metafieldValueProblem,
  ShopState as FakeShopState,
  type CollectionRecord as FakeCollection,
  type CustomerRecord as FakeCustomer,
  type DiscountCombinesWith as FakeDiscountCombinesWith,
  type DiscountRecord as FakeDiscount,
  type DiscountSeed as FakeDiscountSeed,
  type DiscountStatus as FakeDiscountStatus,
  type DiscountValue as FakeDiscountValue,
  type FailureKind,
  type FailureOptions,
  type MetafieldRecord as FakeMetafield,
  type OperationOutcome,
  type ProductRecord as FakeProduct,
  type RecordedOperation,
} from "../../devstore/admin-api";

export const FAKE_APP_ID = DEFAULT_APP_ID;
/** How the fake stores the "$app" namespace, as Shopify does (`app--<app id>`). */
export const FAKE_APP_NAMESPACE = appNamespace(FAKE_APP_ID);

export interface FakeAdminApi {
  readonly state: ShopState;
  readonly operations: readonly RecordedOperation[];
  /** The next `count` requests (that pass validation) fail this way. */
  failNext(count: number, kind: FailureKind, options?: FailureOptions): void;
  /** Sets the bucket's level now (e.g. 0 to make the next request throttle for real). */
  setBucket(currentlyAvailable: number): void;
  metafieldsFor(ownerGid: string): MetafieldRecord[];
  /** Bulk query operations: `failNext(code)`, `expire(id)`, `completionMs` (devstore/admin-api/bulk-operations.ts). */
  readonly bulk: BulkOperations;
  /** The code discount with this code (case-insensitive), its status derived now. */
  discountByCode(code: string): DiscountRecord | undefined;
  /**
   * The shop as Shopify's token endpoint (`POST https://<shop>/admin/oauth/access_token`) knows it: the dev store's
   * own endpoint (devstore/oauth.ts) over a seeded shop, so a token exchange is answered as the dev store answers it
   * (an online token names `staff`, whose names a test may change).
   */
  tokenShop(shop: string): DevShop;
  /** Requests the token endpoint answered (grant and requested token type), newest last. */
  readonly tokenRequests: readonly { shop: string; grant: unknown; requested: unknown; status: number }[];
  /** The scopes every access token has from now on (store credit checks them); null: not checked (the default). */
  setScopes(scopes: readonly string[] | null): void;
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
  const endpoint = new AdminApiEndpoint({ state: new ShopState(), now, appId: FAKE_APP_ID });
  const tokenShops = new Map<string, DevShop>();
  const tokenRequests: { shop: string; grant: unknown; requested: unknown; status: number }[] = [];
  const tokenShop = (shop: string) => {
    let found = tokenShops.get(shop);
    if (!found) {
      found = new DevShop(seedShop(shop), { appId: FAKE_APP_ID, now });
      tokenShops.set(shop, found);
    }
    return found;
  };

  const server = setupServer(
    http.post("https://:shop/admin/oauth/access_token", async ({ request, params }) => {
      const shop = String(params.shop);
      const body = ((await request.json().catch(() => null)) ?? {}) as Record<string, unknown>;
      const app = { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, scopes: (process.env.SCOPES ?? "").split(",").filter(Boolean) };
      const answer = answerTokenRequest(tokenShop(shop), app, body, now());
      tokenRequests.push({ shop, grant: body.grant_type, requested: body.requested_token_type, status: answer.status });
      return HttpResponse.json(answer.body, { status: answer.status });
    }),
    http.post(`https://:shop/admin/api/${ADMIN_SCHEMA_VERSION}/graphql.json`, async ({ request, params }) => {
      const answer = await endpoint.handle({
        shop: String(params.shop),
        accessToken: request.headers.get("x-shopify-access-token"),
        body: await request.json().catch(() => null),
      });
      if (answer.kind === "network-error") return HttpResponse.error();
      return HttpResponse.json(answer.body as Record<string, unknown>, {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  );
  server.use(
    // A bulk operation's result file, where the operation's `url` points (a signed storage URL at Shopify).
    http.get(`${DEFAULT_BULK_RESULT_ORIGIN}/:shop/:file`, ({ params }) => {
      const numericId = Number(String(params.file).replace(/\.jsonl$/, ""));
      const file = endpoint.bulk.resultFile(String(params.shop), numericId);
      if (file === null) return new HttpResponse("<Error><Code>AccessDenied</Code></Error>", { status: 403, headers: { "Content-Type": "application/xml" } });
      return new HttpResponse(file, { status: 200, headers: { "Content-Type": "application/jsonl" } });
    }),
  );
  server.listen({ onUnhandledRequest: "error" });

  const fake: FakeAdminApi = {
    state: endpoint.state,
    operations: endpoint.operations,
    failNext: (count, kind, failureOptions) => endpoint.failNext(count, kind, failureOptions),
    setBucket: (currentlyAvailable) => endpoint.setBucket(currentlyAvailable),
    metafieldsFor: (ownerGid) => endpoint.state.metafieldsFor(ownerGid),
    bulk: endpoint.bulk,
    discountByCode(code) {
      const discount = endpoint.state.discountByCode(code);
      if (discount) discount.status = discountStatusAt(discount, now());
      return discount;
    },
    tokenShop,
    tokenRequests,
    setScopes(scopes) {
      endpoint.scopes = scopes;
    },
    reset() {
      endpoint.state.clear();
      endpoint.bulk.clear();
      endpoint.resetTraffic();
      tokenShops.clear();
      tokenRequests.length = 0;
    },
    close() {
      server.close();
      delete global[RUNNING];
    },
  };
  global[RUNNING] = fake;
  return fake;
}
