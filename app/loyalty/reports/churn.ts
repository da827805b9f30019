/**
 * Members at risk of churning: quiet for much longer than their own usual gap between orders.
 *
 * Rules:
 * - A member's history is their paid orders (OrderRecord.paidAt, cancelled ones included: they still show when
 *   the member shopped) before the as-of instant.
 * - Usual gap = (last order − first order) ÷ (orders − 1): the average time between their orders. A member with
 *   fewer than 2 orders has no cadence yet and is never flagged.
 * - At risk when the time since their last order is more than CHURN_GAP_MULTIPLE × their usual gap and more
 *   than CHURN_MIN_QUIET_DAYS days. Compared exactly, in whole milliseconds:
 *   (asOf − last) × (orders − 1) > 2 × (last − first) and asOf − last > 30 days.
 * - Days shown are rounded half up (usual gap) or down (days since the last order).
 */

export const CHURN_GAP_MULTIPLE = 2;
export const CHURN_MIN_QUIET_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface OrderHistory {
  orders: number;
  firstPaidAt: Date;
  lastPaidAt: Date;
}

export interface ChurnAssessment {
  atRisk: boolean;
  usualGapDays: number;
  daysSinceLastOrder: number;
}

/** Null when the member has no cadence yet (fewer than 2 orders). */
export function evaluateChurnRisk(history: OrderHistory, asOf: Date): ChurnAssessment | null {
  if (history.orders < 2) return null;
  const first = BigInt(history.firstPaidAt.getTime());
  const last = BigInt(history.lastPaidAt.getTime());
  const quiet = BigInt(asOf.getTime()) - last;
  const span = last - first;
  const atRisk = quiet * BigInt(history.orders - 1) > BigInt(CHURN_GAP_MULTIPLE) * span && quiet > BigInt(CHURN_MIN_QUIET_DAYS * DAY_MS);
  const gapMs = Number(span) / (history.orders - 1);
  return {
    atRisk,
    usualGapDays: Math.floor(gapMs / DAY_MS + 0.5),
    daysSinceLastOrder: Math.floor(Number(quiet) / DAY_MS),
  };
}
