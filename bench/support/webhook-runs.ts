/**
 * What the webhook benchmarks (webhooks.bench.ts on SQLite, webhooks-postgres.bench.ts) share around the
 * phases of webhook-phases.ts: the signed workload, the open loop over every rate, and the checks.
 */
import type { LedgerCounts } from "./ledger";
import type { BenchOptions } from "./options";
import { API_VERSION, BENCH_SHOP, buildDeliveries, sampleOf, TOPIC, type Delivery } from "./orders";
import { openLoopRate, type OpenLoopFigures, type Target } from "./webhook-phases";
import type { Check } from "./webhooks-report";

export interface Workload {
  warmup: Delivery[];
  measured: Delivery[];
  duplicates: Delivery[];
  openLoop: { rate: number; deliveries: Delivery[] }[];
}

/** Every delivery of a run, signed with `secret` before any timing (and says so): warm-up, closed loop, open-loop rates. */
export function buildWorkload(options: BenchOptions, secret: string): Workload {
  const total = options.warmup + options.orders + options.rates.reduce((sum, rate) => sum + rate * options.rateDurationS, 0);
  console.log(`Signing ${total} deliveries…`);
  const common = { customers: options.customers, secret, shop: BENCH_SHOP };
  const warmup = buildDeliveries({ ...common, firstOrder: 1, count: options.warmup });
  const measured = buildDeliveries({ ...common, firstOrder: options.warmup + 1, count: options.orders });
  let next = options.warmup + options.orders + 1;
  const openLoop = options.rates.map((rate) => {
    const count = rate * options.rateDurationS;
    const deliveries = buildDeliveries({ ...common, firstOrder: next, count });
    next += count;
    return { rate, deliveries };
  });
  return { warmup, measured, duplicates: sampleOf(measured, options.duplicates), openLoop };
}

/** The parameters of a run that both webhook benchmarks record. */
export function workloadParams(options: BenchOptions, workload: Workload) {
  return {
    orders: options.orders,
    concurrency: options.concurrency,
    warmup: options.warmup,
    duplicates: workload.duplicates.length,
    customers: options.customers,
    rates: options.rates,
    rateDurationS: options.rateDurationS,
    sockets: options.sockets,
    commitWaitMs: options.commitWaitMs,
    drainTimeoutMs: options.drainTimeoutMs,
    pollMs: options.pollMs,
    timeoutMs: options.timeoutMs,
    topic: TOPIC,
    apiVersion: API_VERSION,
    shop: BENCH_SHOP,
    payloadBytes: workload.measured[0]?.body.length ?? 0,
  };
}

export const gids = (deliveries: readonly Delivery[]) => deliveries.map((delivery) => delivery.orderGid);

export function equals(name: string, actual: number, expected: number): Check {
  return { name, ok: actual === expected, detail: `${actual} (expected ${expected})` };
}

export function answered(name: string, figures: { errors: number; failures: Record<string, number> }, sent: number): Check {
  const detail = figures.errors === 0 ? `${sent} x 200` : `${figures.errors} of ${sent} not 200: ${JSON.stringify(figures.failures)}`;
  return { name, ok: figures.errors === 0, detail };
}

/** Every order sent has exactly one earn entry and is awarded; no order has two. */
export function ledgerChecks(label: string, counts: LedgerCounts, orders: number): Check[] {
  return [
    equals(`${label}: earn entries`, counts.earnEntries, orders),
    equals(`${label}: orders with an earn entry`, counts.distinctEarnedOrders, orders),
    equals(`${label}: orders marked awarded`, counts.awardedOrders, orders),
    equals(`${label}: orders earned twice`, counts.ordersEarnedTwice, 0),
  ];
}

export interface OpenLoopRun {
  figures: OpenLoopFigures[];
  checks: Check[];
  /** The orders accepted: `earlier`, then each rate's. */
  accepted: string[];
}

/** Runs a measurement (e.g. inside a sampler); the default just runs it. */
export type Around = <T>(label: string, run: () => Promise<T>) => Promise<T>;

/** Every rate in turn against the target; a rate's non-200 answers fail a check (timeouts are only reported). */
export async function openLoops(
  label: string,
  target: Target,
  workload: Workload,
  options: BenchOptions,
  earlier: string[],
  around: Around = (_label, run) => run(),
): Promise<OpenLoopRun> {
  const figures: OpenLoopFigures[] = [];
  const checks: Check[] = [];
  const accepted = [...earlier];
  for (const { rate, deliveries } of workload.openLoop) {
    console.log(`  ${label}: open loop at ${rate}/s for ${options.rateDurationS} s…`);
    const run = await around(`open loop ${rate}/s`, () => openLoopRate(target, rate, deliveries, accepted, { ...options, durationS: options.rateDurationS }));
    accepted.push(...run.accepted);
    figures.push(run.figures);
    const refused = Object.entries(run.figures.failures).filter(([key]) => !key.startsWith("error:"));
    checks.push({
      name: `${label} open loop ${rate}/s answers`,
      ok: refused.length === 0,
      detail: refused.length === 0 ? `${run.figures.accepted} x 200${run.figures.errors ? `, ${run.figures.errors} timeouts/transport errors` : ""}` : JSON.stringify(run.figures.failures),
    });
  }
  return { figures, checks, accepted };
}

