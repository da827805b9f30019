/**
 * TEMPORARY test double of the app's proxy routes (app/routes/proxy.account.ts, proxy.redeem.ts), for the
 * storefront browser tests until they run against the real routes. It is a `ProxyHandler`: it receives requests
 * exactly as Shopify forwards them (`<app url>/proxy/<path>?shop=…&logged_in_customer_id=…&path_prefix=…
 * &timestamp=…&signature=…`, no cookies) and answers the storefront contract:
 *
 *   GET  /proxy/account → 200 { member, rewards, codes, activity }        | 401 NOT_LOGGED_IN
 *   POST /proxy/redeem  { rewardId, idempotencyKey }
 *                       → 200 { redemption, member }                      | 4xx/5xx { error, code }
 *
 * Rules it keeps (so the storefront is tested against realistic answers): only the signed
 * `logged_in_customer_id` identifies the shopper; a reward is affordable when its cost ≤ balance; redeeming the
 * same idempotency key twice answers the first result again and spends once; insufficient points → 422.
 */
import { TEST_API_SECRET, TEST_SHOP } from "../test-env";
import { hasValidAppProxySignature } from "./app-proxy-signing";

export type ProxyHandler = (request: Request) => Promise<Response>;

export type ErrorCode =
  | "INSUFFICIENT_POINTS"
  | "NOT_LOGGED_IN"
  | "REWARD_NOT_FOUND"
  | "PROGRAM_PAUSED"
  | "DISCOUNT_FAILED"
  | "INVALID_INPUT";

export interface MemberProgress {
  nextTier: string | null;
  remaining: number;
  progressPermille: number;
  message: string;
}

export interface MemberView {
  balance: number;
  pending: number;
  tier: string | null;
  progress: MemberProgress;
}

export interface RewardView {
  id: string;
  name: string;
  description: string;
  pointsCost: number;
  affordable: boolean;
}

export interface CodeView {
  code: string;
  rewardName: string;
  status: "unused" | "used" | "expired";
  expiresAt: string | null;
  createdAt: string;
}

export interface AccountBody {
  member: MemberView;
  rewards: RewardView[];
  codes: CodeView[];
  activity: { type: string; points: number; explanation: string; createdAt: string }[];
}

export interface FakeReward {
  id: string;
  name: string;
  description: string;
  pointsCost: number;
  /** Days until an issued code expires; null: never. */
  expiresInDays: number | null;
}

export interface FakeMember extends MemberView {
  codes: CodeView[];
  activity: AccountBody["activity"];
}

export interface FakeAppProxyOptions {
  /** Numeric Shopify customer id → member. */
  members: Record<string, FakeMember>;
  rewards: FakeReward[];
  shop?: string;
  secret?: string;
  now?: () => Date;
}

export interface RecordedProxyCall {
  method: string;
  path: string;
  customerId: string;
  body: unknown;
}

export interface FakeAppProxy {
  handle: ProxyHandler;
  members: Record<string, FakeMember>;
  calls: RecordedProxyCall[];
  /** The next redeem call answers this instead (once), before doing anything: a transient failure. */
  failNextRedeem(status: number, code: ErrorCode, error: string): void;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const fail = (status: number, code: ErrorCode, error: string) => json(status, { error, code });

export function createFakeAppProxy(options: FakeAppProxyOptions): FakeAppProxy {
  const shop = options.shop ?? TEST_SHOP;
  const secret = options.secret ?? TEST_API_SECRET;
  const now = options.now ?? (() => new Date("2026-11-23T12:00:00Z"));
  const calls: RecordedProxyCall[] = [];
  const redeemed = new Map<string, Response>();
  let issued = 0;
  let fault: Response | null = null;

  const memberView = (m: FakeMember): MemberView => ({
    balance: m.balance,
    pending: m.pending,
    tier: m.tier,
    progress: { ...m.progress },
  });

  const account = (m: FakeMember): AccountBody => ({
    member: memberView(m),
    rewards: options.rewards.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      pointsCost: r.pointsCost,
      affordable: r.pointsCost <= m.balance,
    })),
    codes: m.codes.map((c) => ({ ...c })),
    activity: m.activity.map((a) => ({ ...a })),
  });

  const redeem = (customerId: string, m: FakeMember, body: unknown): Response => {
    const input = body as { rewardId?: unknown; idempotencyKey?: unknown } | null;
    if (typeof input?.rewardId !== "string" || typeof input.idempotencyKey !== "string" || !input.idempotencyKey) {
      return fail(400, "INVALID_INPUT", "Choose a reward to redeem");
    }
    const key = `${customerId}:${input.idempotencyKey}`;
    const previous = redeemed.get(key);
    if (previous) return previous.clone();
    const reward = options.rewards.find((r) => r.id === input.rewardId);
    if (!reward) return fail(404, "REWARD_NOT_FOUND", "This reward is no longer available");
    if (reward.pointsCost > m.balance) {
      return fail(422, "INSUFFICIENT_POINTS", `Cannot redeem ${reward.pointsCost} points: balance is ${m.balance}`);
    }
    m.balance -= reward.pointsCost;
    issued += 1;
    const at = now();
    const code: CodeView = {
      code: `${reward.id.toUpperCase()}-${String(issued).padStart(4, "0")}`,
      rewardName: reward.name,
      status: "unused",
      expiresAt:
        reward.expiresInDays === null ? null : new Date(at.getTime() + reward.expiresInDays * 86_400_000).toISOString(),
      createdAt: at.toISOString(),
    };
    m.codes.unshift(code);
    m.activity.unshift({
      type: "redeem",
      points: -reward.pointsCost,
      explanation: `Redeemed ${reward.name}`,
      createdAt: at.toISOString(),
    });
    const { createdAt: _createdAt, ...redemption } = code;
    const response = json(200, { redemption, member: memberView(m) });
    redeemed.set(key, response.clone());
    return response;
  };

  const handle: ProxyHandler = async (request) => {
    const url = new URL(request.url);
    const params = url.searchParams;
    const body = request.method === "POST" ? await request.json().catch(() => null) : undefined;
    const customerId = params.get("logged_in_customer_id") ?? "";
    calls.push({ method: request.method, path: url.pathname, customerId, body });

    if (!hasValidAppProxySignature(params, secret) || params.get("shop") !== shop) {
      return fail(401, "INVALID_INPUT", "Invalid app proxy signature");
    }
    if (request.headers.has("cookie")) throw new Error("Shopify strips cookies from app proxy requests");
    const member = customerId ? options.members[customerId] : undefined;
    if (!member) return fail(401, "NOT_LOGGED_IN", "Sign in to see and use your points");

    if (url.pathname === "/proxy/account" && request.method === "GET") return json(200, account(member));
    if (url.pathname === "/proxy/redeem" && request.method === "POST") {
      if (fault) {
        const answer = fault;
        fault = null;
        return answer;
      }
      return redeem(customerId, member, body);
    }
    return fail(404, "INVALID_INPUT", `No proxy route for ${request.method} ${url.pathname}`);
  };

  return {
    handle,
    members: options.members,
    calls,
    failNextRedeem(status, code, error) {
      fault = fail(status, code, error);
    },
  };
}

/** Wraps a handler so every request waits until `release()`: lets a test look at the page before any answer. */
export function holdRequests(handler: ProxyHandler): { handler: ProxyHandler; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { handler: (request) => gate.then(() => handler(request)), release: () => release() };
}
