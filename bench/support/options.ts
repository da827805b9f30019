/** Command-line and environment options of the webhook benchmark. */
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Measured orders of the closed loop and of the inbox-to-ledger phase (distinct orders/paid deliveries). */
  orders: number;
  /** Closed loop: requests in flight at once. */
  concurrency: number;
  /** Distinct orders sent (and committed) before measuring, per server (not in the figures, in the ledger checks). */
  warmup: number;
  /** Measured payloads sent a second time, to check and time duplicate handling. */
  duplicates: number;
  /** Distinct customers the orders are spread over. */
  customers: number;
  /** Open loop: offered rates, deliveries per second, run in this order. */
  rates: number[];
  /** Open loop: seconds of load per rate. */
  rateDurationS: number;
  /** Open loop: connections of the client (a request waiting for a free one is waiting, and that counts). */
  sockets: number;
  /** How long to wait for an open-loop rate's accepted orders to be committed after its last answer (ms). */
  commitWaitMs: number;
  /** How long to wait for the closed loop's or the inbox phase's orders to be committed (ms). */
  drainTimeoutMs: number;
  /** Interval of the database poll that dates commits (ms). */
  pollMs: number;
  /** A request with no answer after this long is an error (ms). */
  timeoutMs: number;
  /** Start the app's servers with `--cpu-prof` and keep the profiles. */
  cpuProf: boolean;
  /** Keep the temp directory (databases, server logs) after a successful run. */
  keep: boolean;
}

/** A whole-number option at least `min`, or `fallback` when absent; a clear error otherwise. */
export function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

function rateList(raw: string | undefined): number[] {
  if (raw === undefined || raw === "") return [100, 300, 1000];
  if (raw === "none") return [];
  return raw.split(",").map((part) => positiveInt("rates", part.trim(), 0));
}

/** The command-line options of parseOptions, for a benchmark that adds its own (`parseArgs({ options: { ...BENCH_ARGS, … } })`). */
export const BENCH_ARGS = {
  orders: { type: "string" },
  concurrency: { type: "string" },
  warmup: { type: "string" },
  duplicates: { type: "string" },
  customers: { type: "string" },
  rates: { type: "string" },
  "rate-duration": { type: "string" },
  sockets: { type: "string" },
  "commit-wait": { type: "string" },
  "drain-timeout": { type: "string" },
  "poll-ms": { type: "string" },
  timeout: { type: "string" },
  "cpu-prof": { type: "boolean", default: false },
  keep: { type: "boolean", default: false },
} as const;

type BenchArgValues = Partial<Record<Exclude<keyof typeof BENCH_ARGS, "cpu-prof" | "keep">, string> & Record<"cpu-prof" | "keep", boolean>>;

/** BenchOptions from parsed BENCH_ARGS values, the environment filling in what the command line leaves out. */
export function benchOptionsFrom(values: BenchArgValues, env = process.env): BenchOptions {
  const orders = positiveInt("orders", values.orders ?? env.BENCH_ORDERS, 1000);
  return {
    orders,
    concurrency: positiveInt("concurrency", values.concurrency ?? env.BENCH_CONCURRENCY, 8),
    warmup: positiveInt("warmup", values.warmup ?? env.BENCH_WARMUP, 100, 0),
    duplicates: Math.min(orders, positiveInt("duplicates", values.duplicates, 100, 0)),
    customers: positiveInt("customers", values.customers, 200),
    rates: rateList(values.rates ?? env.BENCH_RATES),
    rateDurationS: positiveInt("rate-duration", values["rate-duration"] ?? env.BENCH_RATE_DURATION, 5),
    sockets: positiveInt("sockets", values.sockets, 64),
    commitWaitMs: positiveInt("commit-wait", values["commit-wait"], 30) * 1000,
    drainTimeoutMs: positiveInt("drain-timeout", values["drain-timeout"], 300) * 1000,
    pollMs: positiveInt("poll-ms", values["poll-ms"], 5),
    timeoutMs: positiveInt("timeout", values.timeout, 10_000),
    cpuProf: values["cpu-prof"] ?? false,
    keep: values.keep ?? false,
  };
}

export function parseOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const { values } = parseArgs({ args: argv, options: BENCH_ARGS, strict: true });
  return benchOptionsFrom(values, env);
}
