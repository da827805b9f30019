/** Command-line and environment options of the webhook benchmark. */
import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Measured orders (distinct orders/paid deliveries). */
  orders: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Distinct orders sent before measuring (not counted in the figures, counted in the ledger check). */
  warmup: number;
  /** Measured payloads sent a second time, to check and time duplicate handling. */
  duplicates: number;
  /** Distinct customers the orders are spread over. */
  customers: number;
  /** Start the server with `--cpu-prof` and keep the profile. */
  cpuProf: boolean;
  /** Keep the temp directory (databases, server log) after a successful run. */
  keep: boolean;
}

/** A whole-number option at least `min`, or `fallback` when absent; a clear error otherwise. */
export function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

export function parseOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: "string" },
      concurrency: { type: "string" },
      warmup: { type: "string" },
      duplicates: { type: "string" },
      customers: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
    strict: true,
  });
  const orders = positiveInt("orders", values.orders ?? env.BENCH_ORDERS, 2000);
  return {
    orders,
    concurrency: positiveInt("concurrency", values.concurrency ?? env.BENCH_CONCURRENCY, 8),
    warmup: positiveInt("warmup", values.warmup ?? env.BENCH_WARMUP, 100, 0),
    duplicates: Math.min(orders, positiveInt("duplicates", values.duplicates, 100, 0)),
    customers: positiveInt("customers", values.customers, 200),
    cpuProf: values["cpu-prof"] ?? false,
    keep: values.keep ?? false,
  };
}
