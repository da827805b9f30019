/** Latency summaries: nearest-rank percentiles over per-operation latencies. */

export interface LatencySummary {
  count: number;
  ordersPerSec: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export function summarize(latenciesMs: readonly number[], wallMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    ordersPerSec: round(wallMs > 0 ? (sorted.length * 1000) / wallMs : 0, 1),
    meanMs: round(sorted.length ? total / sorted.length : 0),
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

export { round };

/**
 * Percentiles of latencies some of which never completed within the wait (given as Infinity): a percentile that
 * falls on one is unknown (null), only known to be above `censoredAtMs`.
 */
export interface CensoredSummary {
  count: number;
  completed: number;
  /** Never completed within the wait (counted as slower than every completed one). */
  missing: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export function summarizeCensored(latenciesMs: readonly number[]): CensoredSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const finite = (value: number) => (Number.isFinite(value) ? round(value) : null);
  const missing = sorted.filter((value) => !Number.isFinite(value)).length;
  return {
    count: sorted.length,
    completed: sorted.length - missing,
    missing,
    p50Ms: sorted.length ? finite(percentile(sorted, 50)) : null,
    p90Ms: sorted.length ? finite(percentile(sorted, 90)) : null,
    p99Ms: sorted.length ? finite(percentile(sorted, 99)) : null,
    maxMs: sorted.length ? finite(sorted[sorted.length - 1] ?? 0) : null,
  };
}
