/**
 * Report rollups: what ledger entries, paid orders and customers add to the per-day sums the reports read
 * (docs/decisions/015-daily-rollups.md). Pure: app/loyalty/server/rollups.server.ts loads the rows and writes
 * what these functions compute.
 *
 * Rules:
 * - A day is the shop's report day ("YYYY-MM-DD", `reportDateOf` in reports/calendar.ts) of an entry's `createdAt`
 *   or an order's `paidAt`, in the zone `reportTimeZone` gives for the program's: the reports' own days.
 * - Ledger: per (shop, day, type) Σ points, Σ spendMinor and the number of entries. Entries are append-only, so
 *   what an entry adds is the entry itself.
 * - Orders: a paid order (paidAt set) is counted in its customer's figures, cancelled or not; when not cancelled it
 *   also adds 1 order and its totalMinor to (day of paidAt, segment): `guest` without a customer, `member` when the
 *   customer has a Member row, else `nonMember` (reports/customers.ts). What an order added is kept
 *   (CountedOrder), so a later change of the order or of its customer's membership moves exactly that.
 * - Customers: from one identified customer's paid orders: how many (cancelled included), the first and last paid
 *   instants, how many are not cancelled ("live"), the day of the last live one, the day of the first paid one, and
 *   `riskAfter`. A customer adds 1 `lastOrderCustomers` on the day of its last live order and, with exactly one
 *   live order, 1 `oneOrderCustomers` on the day of its first paid order, in its segment.
 * - Members vs non-members over the days [start, end] (instants [from, to)), for the customers whose paid orders
 *   are all before `to`: a customer has a live order in the range ⇔ its last live order's day is in it; it is NOT a
 *   repeat customer ⇔ it has exactly one live order and its first paid order's day is in the range (then every
 *   paid order of it is in the range, and only one counts). So customers = Σ lastOrderCustomers and repeat
 *   customers = customers − Σ oneOrderCustomers over the range's days. Customers with a paid order at or after
 *   `to` ("late": only future-dated orders, for a range ending today) are taken out of those sums and counted
 *   from their orders.
 * - Churn (reports/churn.ts), for a customer whose paid orders are all before the as-of instant: at risk ⇔
 *   asOf > riskAfter, riskAfter = last + max(30 days, floor(2 × (last − first) / (orders − 1))) in milliseconds
 *   (orders ≥ 2; else no riskAfter). Exact: for integers q, k ≥ 1, S ≥ 0: q × k > S ⇔ q > floor(S / k).
 *   The customer also keeps its paid order before the last (prevPaidAt) and that history's riskAfter
 *   (prevRiskAfter): as of an instant after prevPaidAt and at or before its last order, that is its history.
 */
import { reportDateOf } from "./reports/calendar";
import { CHURN_GAP_MULTIPLE, CHURN_MIN_QUIET_DAYS, type OrderHistory } from "./reports/churn";
import { CUSTOMER_SEGMENTS, type CustomerSegment, type SegmentTotals } from "./reports/customers";

const DAY_MS = 24 * 60 * 60 * 1000;

// ── Ledger ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A written ledger entry, as far as the rollups read it. */
export interface RollupEntry {
  shop: string;
  type: string;
  /** Signed, as stored. */
  points: number;
  spendMinor: number;
  createdAt: Date;
}

export interface LedgerRollupRow {
  shop: string;
  day: string;
  type: string;
  points: number;
  spendMinor: number;
  entries: number;
}

export const LEDGER_ROLLUP_FIGURES = ["points", "spendMinor", "entries"] as const;

/** What `entries` add, one row per (shop, day, type), in each shop's zone. */
export function calculateLedgerRollups(entries: readonly RollupEntry[], timezoneOf: (shop: string) => string): LedgerRollupRow[] {
  const rows = new Map<string, LedgerRollupRow>();
  for (const entry of entries) {
    const day = reportDateOf(entry.createdAt, timezoneOf(entry.shop));
    const key = `${entry.shop}\n${day}\n${entry.type}`;
    const row = rows.get(key) ?? { shop: entry.shop, day, type: entry.type, points: 0, spendMinor: 0, entries: 0 };
    row.points += entry.points;
    row.spendMinor += entry.spendMinor;
    row.entries += 1;
    rows.set(key, row);
  }
  return [...rows.values()];
}

// ── Orders ──────────────────────────────────────────────────────────────────────────────────────────────────

export type IdentifiedSegment = Exclude<CustomerSegment, "guest">;

/** An order record as the rollups read it, with whether its customer has a Member row. */
export interface OrderFacts {
  shop: string;
  orderGid: string;
  customerGid: string | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  totalMinor: number;
  member: boolean;
}

/** What one paid order adds (OrderRollup). */
export interface CountedOrder {
  shop: string;
  orderGid: string;
  customerGid: string | null;
  segment: CustomerSegment;
  paidAt: Date;
  /** Its day when it is not cancelled, else null (it adds no order or revenue). */
  day: string | null;
  revenueMinor: number;
}

export function segmentOf(customerGid: string | null, member: boolean): CustomerSegment {
  if (customerGid === null) return "guest";
  return member ? "member" : "nonMember";
}

/** What an order adds now: null when it is not paid. */
export function calculateCountedOrder(order: OrderFacts, timezone: string): CountedOrder | null {
  if (order.paidAt === null) return null;
  return {
    shop: order.shop,
    orderGid: order.orderGid,
    customerGid: order.customerGid,
    segment: segmentOf(order.customerGid, order.member),
    paidAt: order.paidAt,
    day: order.cancelledAt === null ? reportDateOf(order.paidAt, timezone) : null,
    revenueMinor: order.totalMinor,
  };
}

export function sameCountedOrder(a: CountedOrder | null, b: CountedOrder | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.customerGid === b.customerGid &&
    a.segment === b.segment &&
    a.paidAt.getTime() === b.paidAt.getTime() &&
    a.day === b.day &&
    a.revenueMinor === b.revenueMinor
  );
}

// ── Customers ───────────────────────────────────────────────────────────────────────────────────────────────

/** One identified customer's paid orders, aggregated (cancelled ones included in paidOrders). */
export interface CustomerOrderStats {
  shop: string;
  customerGid: string;
  member: boolean;
  paidOrders: number;
  firstPaidAt: Date;
  lastPaidAt: Date;
  liveOrders: number;
  lastLivePaidAt: Date | null;
  /** The second latest paid instant (null with one paid order). */
  prevPaidAt: Date | null;
}

/** CustomerRollup. */
export interface CustomerRollupState {
  shop: string;
  customerGid: string;
  segment: IdentifiedSegment;
  paidOrders: number;
  firstPaidAt: Date;
  lastPaidAt: Date;
  liveOrders: number;
  lastLiveDay: string | null;
  firstPaidDay: string;
  riskAfter: Date | null;
  /** The paid order before the last one, and the riskAfter of the history up to it (null below 2, resp. 3, orders). */
  prevPaidAt: Date | null;
  prevRiskAfter: Date | null;
}

/** The instant after which the customer is at risk of churning (rule above), or null below 2 paid orders. */
export function churnRiskAfter(history: OrderHistory): Date | null {
  if (history.orders < 2) return null;
  const first = BigInt(history.firstPaidAt.getTime());
  const last = BigInt(history.lastPaidAt.getTime());
  const usual = (BigInt(CHURN_GAP_MULTIPLE) * (last - first)) / BigInt(history.orders - 1);
  const quiet = BigInt(CHURN_MIN_QUIET_DAYS * DAY_MS);
  return new Date(Number(last + (usual > quiet ? usual : quiet)));
}

export function calculateCustomerRollup(stats: CustomerOrderStats, timezone: string): CustomerRollupState {
  return {
    shop: stats.shop,
    customerGid: stats.customerGid,
    segment: stats.member ? "member" : "nonMember",
    paidOrders: stats.paidOrders,
    firstPaidAt: stats.firstPaidAt,
    lastPaidAt: stats.lastPaidAt,
    liveOrders: stats.liveOrders,
    lastLiveDay: stats.lastLivePaidAt === null ? null : reportDateOf(stats.lastLivePaidAt, timezone),
    firstPaidDay: reportDateOf(stats.firstPaidAt, timezone),
    riskAfter: churnRiskAfter({ orders: stats.paidOrders, firstPaidAt: stats.firstPaidAt, lastPaidAt: stats.lastPaidAt }),
    prevPaidAt: stats.prevPaidAt,
    prevRiskAfter: stats.prevPaidAt && churnRiskAfter({ orders: stats.paidOrders - 1, firstPaidAt: stats.firstPaidAt, lastPaidAt: stats.prevPaidAt }),
  };
}

/**
 * The customer's state after `orders` (paid, newly counted, all of this customer) are added to `before`, without
 * reading its other orders: possible when every one is at or after its last paid order and its segment is
 * unchanged. Null when it is not possible (the caller aggregates the customer's orders instead).
 */
export function appendCountedOrders(
  before: CustomerRollupState | null,
  orders: readonly CountedOrder[],
  member: boolean,
  customer: { shop: string; customerGid: string },
  timezone: string,
): CustomerRollupState | null {
  const segment: IdentifiedSegment = member ? "member" : "nonMember";
  if (orders.length === 0) return null;
  if (before && before.segment !== segment) return null;
  if (orders.some((order) => order.customerGid !== customer.customerGid || (before && order.paidAt < before.lastPaidAt))) return null;
  const sorted = [...orders].sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return null;
  const live = sorted.filter((order) => order.day !== null);
  const lastLive = live[live.length - 1];
  const paidOrders = (before?.paidOrders ?? 0) + sorted.length;
  const firstPaidAt = before ? before.firstPaidAt : first.paidAt;
  // The two latest paid instants: the appended orders are at or after every earlier one.
  const latest = [...(before ? [before.lastPaidAt] : []), ...sorted.map((order) => order.paidAt)];
  const prevPaidAt = latest.length >= 2 ? (latest[latest.length - 2] ?? null) : null;
  return {
    shop: customer.shop,
    customerGid: customer.customerGid,
    segment,
    paidOrders,
    firstPaidAt,
    lastPaidAt: last.paidAt,
    liveOrders: (before?.liveOrders ?? 0) + live.length,
    lastLiveDay: lastLive ? lastLive.day : (before?.lastLiveDay ?? null),
    firstPaidDay: before ? before.firstPaidDay : reportDateOf(first.paidAt, timezone),
    riskAfter: churnRiskAfter({ orders: paidOrders, firstPaidAt, lastPaidAt: last.paidAt }),
    prevPaidAt,
    prevRiskAfter: prevPaidAt && churnRiskAfter({ orders: paidOrders - 1, firstPaidAt, lastPaidAt: prevPaidAt }),
  };
}

export function sameCustomerRollup(a: CustomerRollupState | null, b: CustomerRollupState | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.segment === b.segment &&
    a.paidOrders === b.paidOrders &&
    a.firstPaidAt.getTime() === b.firstPaidAt.getTime() &&
    a.lastPaidAt.getTime() === b.lastPaidAt.getTime() &&
    a.liveOrders === b.liveOrders &&
    a.lastLiveDay === b.lastLiveDay &&
    a.firstPaidDay === b.firstPaidDay &&
    (a.riskAfter?.getTime() ?? null) === (b.riskAfter?.getTime() ?? null) &&
    (a.prevPaidAt?.getTime() ?? null) === (b.prevPaidAt?.getTime() ?? null) &&
    (a.prevRiskAfter?.getTime() ?? null) === (b.prevRiskAfter?.getTime() ?? null)
  );
}

// ── Daily order rows ────────────────────────────────────────────────────────────────────────────────────────

export interface DailyOrderRow {
  shop: string;
  day: string;
  segment: CustomerSegment;
  orders: number;
  revenueMinor: number;
  lastOrderCustomers: number;
  oneOrderCustomers: number;
}

export const DAILY_ORDER_FIGURES = ["orders", "revenueMinor", "lastOrderCustomers", "oneOrderCustomers"] as const;

function dailyOrderRow(shop: string, day: string, segment: CustomerSegment, figures: Partial<DailyOrderRow>): DailyOrderRow {
  return { shop, day, segment, orders: 0, revenueMinor: 0, lastOrderCustomers: 0, oneOrderCustomers: 0, ...figures };
}

/** What a counted order adds to the daily rows (× sign). */
export function countedOrderRows(order: CountedOrder | null, sign: 1 | -1): DailyOrderRow[] {
  if (!order || order.day === null) return [];
  return [dailyOrderRow(order.shop, order.day, order.segment, { orders: sign, revenueMinor: sign * order.revenueMinor })];
}

/** What a customer adds to the daily rows (× sign). */
export function customerRows(state: CustomerRollupState | null, sign: 1 | -1): DailyOrderRow[] {
  if (!state) return [];
  const rows: DailyOrderRow[] = [];
  if (state.lastLiveDay !== null) rows.push(dailyOrderRow(state.shop, state.lastLiveDay, state.segment, { lastOrderCustomers: sign }));
  if (state.liveOrders === 1) rows.push(dailyOrderRow(state.shop, state.firstPaidDay, state.segment, { oneOrderCustomers: sign }));
  return rows;
}

/** Rows summed per (shop, day, segment); rows whose figures are all 0 left out. */
export function sumDailyOrderRows(rows: readonly DailyOrderRow[]): DailyOrderRow[] {
  const sums = new Map<string, DailyOrderRow>();
  for (const row of rows) {
    const key = `${row.shop}\n${row.day}\n${row.segment}`;
    const sum = sums.get(key) ?? dailyOrderRow(row.shop, row.day, row.segment, {});
    for (const figure of DAILY_ORDER_FIGURES) sum[figure] += row[figure];
    sums.set(key, sum);
  }
  return [...sums.values()].filter((row) => DAILY_ORDER_FIGURES.some((figure) => row[figure] !== 0));
}

/** The change of the daily rows when orders and customers move from their `before` to their `after` state. */
export function dailyOrderDeltas(changes: {
  orders: readonly { before: CountedOrder | null; after: CountedOrder | null }[];
  customers: readonly { before: CustomerRollupState | null; after: CustomerRollupState | null }[];
}): DailyOrderRow[] {
  const rows: DailyOrderRow[] = [];
  for (const { before, after } of changes.orders) rows.push(...countedOrderRows(before, -1), ...countedOrderRows(after, 1));
  for (const { before, after } of changes.customers) rows.push(...customerRows(before, -1), ...customerRows(after, 1));
  return sumDailyOrderRows(rows);
}

// ── Members vs non-members from the rollups ─────────────────────────────────────────────────────────────────

/** A customer with a paid order at or after the range's end, counted from its orders. */
export interface LateCustomer {
  state: CustomerRollupState;
  /** Its orders paid in the range and not cancelled. */
  liveOrdersInRange: number;
  /** Whether it paid for any order (cancelled or not) before the range. */
  paidBefore: boolean;
}

/** Segment totals over the days [startDay, endDay] (rules above). */
export function calculateSegmentTotals(input: {
  startDay: string;
  endDay: string;
  daily: readonly DailyOrderRow[];
  late: readonly LateCustomer[];
}): SegmentTotals[] {
  const inRange = (day: string | null) => day !== null && day >= input.startDay && day <= input.endDay;
  const figures = new Map(
    CUSTOMER_SEGMENTS.map((segment) => [segment, { orders: 0, revenueMinor: 0, customers: 0, oneOrder: 0, lateCustomers: 0, lateRepeaters: 0 }]),
  );
  const of = (segment: CustomerSegment) => {
    const found = figures.get(segment);
    if (!found) throw new Error(`Unknown segment ${segment}`);
    return found;
  };
  for (const row of input.daily) {
    if (!inRange(row.day)) continue;
    const sum = of(row.segment);
    sum.orders += row.orders;
    sum.revenueMinor += row.revenueMinor;
    sum.customers += row.lastOrderCustomers;
    sum.oneOrder += row.oneOrderCustomers;
  }
  for (const { state, liveOrdersInRange, paidBefore } of input.late) {
    const sum = of(state.segment);
    // Out of the day sums (where its current state put it) …
    if (inRange(state.lastLiveDay)) sum.customers -= 1;
    if (state.liveOrders === 1 && inRange(state.firstPaidDay)) sum.oneOrder -= 1;
    // … and counted from its orders.
    if (liveOrdersInRange >= 1) sum.lateCustomers += 1;
    if (liveOrdersInRange >= 2 || (liveOrdersInRange >= 1 && paidBefore)) sum.lateRepeaters += 1;
  }
  return CUSTOMER_SEGMENTS.map((segment) => {
    const sum = of(segment);
    return {
      segment,
      customers: sum.customers + sum.lateCustomers,
      orders: sum.orders,
      revenueMinor: sum.revenueMinor,
      repeatCustomers: sum.customers - sum.oneOrder + sum.lateRepeaters,
    };
  });
}

// ── Verification ────────────────────────────────────────────────────────────────────────────────────────────

/** A figure whose stored rollup differs from what the ledger and orders give. */
export interface RollupDrift {
  shop: string;
  table: string;
  /** The row: "2026-03-07 earn", "gid://shopify/Order/1", … */
  key: string;
  figure: string;
  stored: string | number | null;
  expected: string | number | null;
}

type Cell = string | number | Date | null;

function cellValue(cell: Cell | undefined): string | number | null {
  if (cell === undefined || cell === null) return null;
  return cell instanceof Date ? cell.toISOString() : cell;
}

/**
 * Every figure of `stored` that differs from `expected`, row by row. With `missingIsZero` (day sums) a row absent
 * on one side counts as all zeros; otherwise (per-order and per-customer state) an absent row differs in every
 * figure (shown as null).
 */
export function compareRollupRows<Row extends object>(input: {
  shop: string;
  table: string;
  stored: readonly Row[];
  expected: readonly Row[];
  keyOf: (row: Row) => string;
  figures: readonly (keyof Row & string)[];
  missingIsZero: boolean;
}): RollupDrift[] {
  const index = (rows: readonly Row[]) => new Map(rows.map((row) => [input.keyOf(row), row]));
  const stored = index(input.stored);
  const expected = index(input.expected);
  const keys = [...new Set([...stored.keys(), ...expected.keys()])].sort();
  const drifts: RollupDrift[] = [];
  for (const key of keys) {
    const have = stored.get(key);
    const want = expected.get(key);
    for (const figure of input.figures) {
      const missing = input.missingIsZero ? 0 : null;
      const a = have ? cellValue(have[figure] as Cell | undefined) : missing;
      const b = want ? cellValue(want[figure] as Cell | undefined) : missing;
      if (a !== b) drifts.push({ shop: input.shop, table: input.table, key, figure, stored: a, expected: b });
    }
  }
  return drifts;
}
