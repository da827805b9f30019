/**
 * Rollup maintenance: the only code that writes the report rollups (docs/decisions/015-daily-rollups.md; what each
 * row means: app/loyalty/rollups.ts).
 *
 * Contract, for every writer of ledger entries, order records and members (the single-event services, the
 * set-based paid-order batch, customers/redact):
 * - Its transaction is opened by `transactionWithRollups(db, work)`. Inside it, the writer says what it wrote; the
 *   rollups are written once, at the end of the transaction, after every other write of it. The three calls below
 *   throw in a transaction opened otherwise (its rows would commit without their rollups).
 * - `recordLedgerRollups(tx, entries, programs)`: entries inserted (the rows as written, each exactly once: never
 *   duplicates that were skipped), with the program (shop, timezone) of every shop among them. appendEntries calls
 *   it; a batch writer that inserts entries itself calls it once for all of them.
 * - `recordOrderRollups(tx, orders)`: OrderRecord rows written (created, paid, linked to a customer, cancelled), by
 *   (shop, orderGid). At the end of the transaction the rows are read as they are then, and the rollups move from
 *   what they counted for them before (OrderRollup, CustomerRollup) to what they say now: naming an order twice, or
 *   one that did not change, writes nothing. Orders never paid are ignored.
 * - `refreshCustomerRollups(tx, customers)`: a customer's segment changed without a write to its orders: a Member
 *   row created (lockMember calls it) or re-keyed, or its orders unlinked (customers/redact).
 * - All three take arrays (any number of shops, any size: chunked under the parameter limit). At the end, per shop:
 *   one read of the orders and customers named (a customer's orders are aggregated only when its figures cannot be
 *   moved forward from its stored row), at most one upsert per rollup table per chunk, and one multi-row upsert of
 *   the ledger days for all the entries.
 * - Concurrency (PostgreSQL): the end of the transaction first takes each shop's rollup lock (an advisory
 *   transaction lock, shops in name order), then reads and writes that shop's rollups. Every writer takes its row
 *   locks (orders, then members, …) before, and none after: no writer waits for a lock while holding a shop's rollup
 *   lock, so the rollups add no deadlock; and a customer's or a day's rollup is read and rewritten by one
 *   transaction at a time (no lost update). The shop's rollup rows are hot (every award of a day adds to the same
 *   row), so their writers were serialized from that upsert to commit anyway: the lock holds for the same span.
 *   SQLite has one writer.
 * - Days are in the zone of the program (`reportTimeZone`), read from the Program row for orders. A zone change
 *   rebuilds the shop (recordShopSettings); until a shop's RollupState names the program's zone, the reports do not
 *   read its rollups.
 * - `rebuildShopRollups(db, shop, now)` replaces one shop's rows from its ledger and orders (app/loyalty/server/
 *   rollups-source.server.ts computes them) in one transaction under the shop's rollup lock, REPEATABLE READ on
 *   PostgreSQL: a write committed after its snapshot to a row it replaces makes it fail (run it again), never count
 *   twice. It records the RollupState.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { sql } from "kysely";
import { integerResult, sqlDialect } from "~/db/dialect.server";
import { chunked, dateResult, kyselyOf, type Db } from "~/db/kysely.server";
import { reportTimeZone } from "../reports/calendar";
import {
  appendCountedOrders,
  calculateCountedOrder,
  calculateLedgerRollups,
  dailyOrderDeltas,
  sameCountedOrder,
  sameCustomerRollup,
  sumDailyOrderRows,
  type CountedOrder,
  type CustomerRollupState,
  type DailyOrderRow,
  type IdentifiedSegment,
  type LedgerRollupRow,
  type RollupEntry,
} from "../rollups";
import type { CustomerSegment } from "../reports/customers";
import { computeCustomerRollups, computeDailyOrderRollups, computeLedgerRollups, insertCountedOrdersFromSource, shopTimeZone, snapshotTransactionOptions } from "./rollups-source.server";

type Tx = Prisma.TransactionClient;
type Client = PrismaClient | Tx;

/** Orders (or customers) handled per round of statements. */
const KEYS_PER_ROUND = 1000;

/** Rows in key order: concurrent upserts of the same rows take their locks in one order. */
function sortedBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return rows.map((row) => [key(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

// ── Writing rows ────────────────────────────────────────────────────────────────────────────────────────────

/** Adds `rows` to DailyLedgerRollup. */
export async function addLedgerRows(db: Client, rows: readonly LedgerRollupRow[]): Promise<void> {
  const k = kyselyOf(db);
  for (const chunk of chunked(sortedBy(rows, (row) => `${row.shop}\n${row.day}\n${row.type}`), 6)) {
    await k
      .insertInto("DailyLedgerRollup")
      .values(chunk.map((row) => ({ ...row })))
      .onConflict((conflict) =>
        conflict.columns(["shop", "day", "type"]).doUpdateSet((eb) => ({
          points: eb("DailyLedgerRollup.points", "+", eb.ref("excluded.points")),
          spendMinor: eb("DailyLedgerRollup.spendMinor", "+", eb.ref("excluded.spendMinor")),
          entries: eb("DailyLedgerRollup.entries", "+", eb.ref("excluded.entries")),
        })),
      )
      .execute();
  }
}

/** Adds `rows` to DailyOrderRollup. */
export async function addDailyOrderRows(db: Client, rows: readonly DailyOrderRow[]): Promise<void> {
  const k = kyselyOf(db);
  for (const chunk of chunked(sortedBy(rows, (row) => `${row.shop}\n${row.day}\n${row.segment}`), 7)) {
    await k
      .insertInto("DailyOrderRollup")
      .values(chunk.map((row) => ({ ...row })))
      .onConflict((conflict) =>
        conflict.columns(["shop", "day", "segment"]).doUpdateSet((eb) => ({
          orders: eb("DailyOrderRollup.orders", "+", eb.ref("excluded.orders")),
          revenueMinor: eb("DailyOrderRollup.revenueMinor", "+", eb.ref("excluded.revenueMinor")),
          lastOrderCustomers: eb("DailyOrderRollup.lastOrderCustomers", "+", eb.ref("excluded.lastOrderCustomers")),
          oneOrderCustomers: eb("DailyOrderRollup.oneOrderCustomers", "+", eb.ref("excluded.oneOrderCustomers")),
        })),
      )
      .execute();
  }
}

/** Writes `states` over the CustomerRollup rows of their customers. */
export async function saveCustomerRows(db: Client, states: readonly CustomerRollupState[]): Promise<void> {
  const k = kyselyOf(db);
  for (const chunk of chunked(states, 12)) {
    await k
      .insertInto("CustomerRollup")
      .values(chunk.map((state) => ({ ...state })))
      .onConflict((conflict) =>
        conflict.columns(["shop", "customerGid"]).doUpdateSet((eb) => ({
          segment: eb.ref("excluded.segment"),
          paidOrders: eb.ref("excluded.paidOrders"),
          firstPaidAt: eb.ref("excluded.firstPaidAt"),
          lastPaidAt: eb.ref("excluded.lastPaidAt"),
          liveOrders: eb.ref("excluded.liveOrders"),
          lastLiveDay: eb.ref("excluded.lastLiveDay"),
          firstPaidDay: eb.ref("excluded.firstPaidDay"),
          riskAfter: eb.ref("excluded.riskAfter"),
          prevPaidAt: eb.ref("excluded.prevPaidAt"),
          prevRiskAfter: eb.ref("excluded.prevRiskAfter"),
        })),
      )
      .execute();
  }
}

async function saveCountedOrders(db: Client, orders: readonly CountedOrder[]): Promise<void> {
  const k = kyselyOf(db);
  for (const chunk of chunked(orders, 7)) {
    await k
      .insertInto("OrderRollup")
      .values(chunk.map((order) => ({ ...order })))
      .onConflict((conflict) =>
        conflict.columns(["shop", "orderGid"]).doUpdateSet((eb) => ({
          customerGid: eb.ref("excluded.customerGid"),
          segment: eb.ref("excluded.segment"),
          paidAt: eb.ref("excluded.paidAt"),
          day: eb.ref("excluded.day"),
          revenueMinor: eb.ref("excluded.revenueMinor"),
        })),
      )
      .execute();
  }
}

// ── Ledger ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Queues written ledger entries for their days (contract above). */
export function recordLedgerRollups(tx: Tx, entries: readonly RollupEntry[], programs: readonly { shop: string; timezone: string }[]): void {
  if (entries.length === 0) return;
  const queue = queueOf(tx, "recordLedgerRollups");
  for (const program of programs) queue.zones.set(program.shop, reportTimeZone(program.timezone));
  for (const entry of entries) {
    if (!queue.zones.has(entry.shop)) throw new Error(`recordLedgerRollups: no program given for ${entry.shop}`);
    queue.entries.push({ shop: entry.shop, type: entry.type, points: entry.points, spendMinor: entry.spendMinor, createdAt: entry.createdAt });
  }
}

// ── Orders and customers ────────────────────────────────────────────────────────────────────────────────────

const truthy = (value: unknown) => value === true || value === 1 || value === 1n || value === "1" || value === "t";

function countedOrderOf(shop: string, row: { orderGid: string; rCustomerGid: string | null; rSegment: string | null; rPaidAt: Date | string | null; rDay: string | null; rRevenue: unknown }): CountedOrder | null {
  if (row.rSegment === null || row.rPaidAt === null) return null;
  return {
    shop,
    orderGid: row.orderGid,
    customerGid: row.rCustomerGid,
    segment: row.rSegment as CustomerSegment,
    paidAt: dateResult(row.rPaidAt),
    day: row.rDay,
    revenueMinor: integerResult(row.rRevenue, "Counted revenue"),
  };
}

interface StoredCustomerColumns {
  customerGid: string;
  segment: string;
  paidOrders: unknown;
  firstPaidAt: Date | string;
  lastPaidAt: Date | string;
  liveOrders: unknown;
  lastLiveDay: string | null;
  firstPaidDay: string;
  riskAfter: Date | string | null;
  prevPaidAt: Date | string | null;
  prevRiskAfter: Date | string | null;
}

function customerStateOf(shop: string, row: StoredCustomerColumns): CustomerRollupState {
  return {
    shop,
    customerGid: row.customerGid,
    segment: row.segment as IdentifiedSegment,
    paidOrders: integerResult(row.paidOrders, "Paid orders"),
    firstPaidAt: dateResult(row.firstPaidAt),
    lastPaidAt: dateResult(row.lastPaidAt),
    liveOrders: integerResult(row.liveOrders, "Live orders"),
    lastLiveDay: row.lastLiveDay,
    firstPaidDay: row.firstPaidDay,
    riskAfter: dateResult(row.riskAfter),
    prevPaidAt: dateResult(row.prevPaidAt),
    prevRiskAfter: dateResult(row.prevRiskAfter),
  };
}

async function storedCustomers(k: Db, shop: string, customerGids: readonly string[]): Promise<Map<string, CustomerRollupState>> {
  const found = new Map<string, CustomerRollupState>();
  for (const chunk of chunked(customerGids, 1)) {
    const rows = await k.selectFrom("CustomerRollup").selectAll().where("shop", "=", shop).where("customerGid", "in", chunk).execute();
    for (const row of rows) found.set(row.customerGid, customerStateOf(shop, row));
  }
  return found;
}

/** The customers' states from their orders as they are now (null: no paid order linked to it). */
async function aggregateCustomers(tx: Tx, shop: string, customerGids: readonly string[], timezone: string): Promise<Map<string, CustomerRollupState | null>> {
  const states = new Map<string, CustomerRollupState | null>(customerGids.map((gid) => [gid, null]));
  for (const chunk of chunked(customerGids, 1)) {
    for (const state of await computeCustomerRollups(tx, shop, timezone, chunk)) states.set(state.customerGid, state);
  }
  return states;
}

/**
 * One round for one shop: the orders named or linked to (or counted under) the customers named, their counted
 * and current contributions, then their customers' states; writes what changed.
 */
async function refreshShop(tx: Tx, shop: string, orderGids: readonly string[], explicitCustomers: readonly string[]): Promise<void> {
  const k = kyselyOf(tx);
  const rows = await k
    .selectFrom("OrderRecord as o")
    .leftJoin("OrderRollup as r", (join) => join.onRef("r.shop", "=", "o.shop").onRef("r.orderGid", "=", "o.orderGid"))
    .leftJoin("CustomerRollup as c", (join) => join.onRef("c.shop", "=", "o.shop").onRef("c.customerGid", "=", "o.customerGid"))
    .select((eb) => [
      "o.orderGid",
      "o.customerGid",
      "o.paidAt",
      "o.cancelledAt",
      "o.totalMinor",
      eb
        .exists(eb.selectFrom("Member as m").select("m.id").whereRef("m.shop", "=", "o.shop").whereRef("m.customerGid", "=", "o.customerGid"))
        .as("member"),
      eb.selectFrom("Program as p").select("p.timezone").whereRef("p.shop", "=", "o.shop").as("timezone"),
      "r.customerGid as rCustomerGid",
      "r.segment as rSegment",
      "r.paidAt as rPaidAt",
      "r.day as rDay",
      "r.revenueMinor as rRevenue",
      "c.customerGid as cCustomerGid",
      "c.segment as cSegment",
      "c.paidOrders as cPaidOrders",
      "c.firstPaidAt as cFirstPaidAt",
      "c.lastPaidAt as cLastPaidAt",
      "c.liveOrders as cLiveOrders",
      "c.lastLiveDay as cLastLiveDay",
      "c.firstPaidDay as cFirstPaidDay",
      "c.riskAfter as cRiskAfter",
      "c.prevPaidAt as cPrevPaidAt",
      "c.prevRiskAfter as cPrevRiskAfter",
    ])
    .where("o.shop", "=", shop)
    .where((eb) => {
      const picks = [];
      if (orderGids.length > 0) picks.push(eb("o.orderGid", "in", orderGids));
      if (explicitCustomers.length > 0) {
        picks.push(eb("o.customerGid", "in", explicitCustomers));
        picks.push(
          eb(
            "o.orderGid",
            "in",
            eb.selectFrom("OrderRollup as x").select("x.orderGid").where("x.shop", "=", shop).where("x.customerGid", "in", explicitCustomers),
          ),
        );
      }
      return eb.or(picks);
    })
    .execute();

  const timezone = reportTimeZone(rows[0]?.timezone ?? (await shopTimeZone(tx, shop)));
  const orderChanges: { before: CountedOrder | null; after: CountedOrder | null }[] = [];
  /** Per customer: whether its segment is a member's, its stored state as read, and its orders' changes. */
  const customers = new Map<string, { member: boolean | null; stored: CustomerRollupState | null | undefined; appended: CountedOrder[]; other: boolean }>();
  const customer = (gid: string) => {
    let found = customers.get(gid);
    if (!found) {
      found = { member: null, stored: undefined, appended: [], other: false };
      customers.set(gid, found);
    }
    return found;
  };
  for (const gid of explicitCustomers) customer(gid).other = true;

  for (const row of rows) {
    const member = truthy(row.member);
    const before = countedOrderOf(shop, row);
    const after = calculateCountedOrder(
      {
        shop,
        orderGid: row.orderGid,
        customerGid: row.customerGid,
        paidAt: dateResult(row.paidAt),
        cancelledAt: dateResult(row.cancelledAt),
        totalMinor: integerResult(row.totalMinor, "Order total"),
        member,
      },
      timezone,
    );
    if (row.customerGid !== null) {
      const current = customer(row.customerGid);
      current.member = member;
      current.stored =
        row.cCustomerGid === null || row.cSegment === null || row.cFirstPaidAt === null || row.cLastPaidAt === null || row.cFirstPaidDay === null
          ? null
          : customerStateOf(shop, {
              customerGid: row.cCustomerGid,
              segment: row.cSegment,
              paidOrders: row.cPaidOrders,
              firstPaidAt: row.cFirstPaidAt,
              lastPaidAt: row.cLastPaidAt,
              liveOrders: row.cLiveOrders,
              lastLiveDay: row.cLastLiveDay,
              firstPaidDay: row.cFirstPaidDay,
              riskAfter: row.cRiskAfter,
              prevPaidAt: row.cPrevPaidAt,
              prevRiskAfter: row.cPrevRiskAfter,
            });
    }
    if (sameCountedOrder(before, after)) continue;
    orderChanges.push({ before, after });
    // A newly paid order of its customer can move the customer's figures forward; anything else re-aggregates.
    if (before === null && after?.customerGid) customer(after.customerGid).appended.push(after);
    else {
      if (before?.customerGid) customer(before.customerGid).other = true;
      if (after?.customerGid) customer(after.customerGid).other = true;
    }
  }

  // Customers whose state moves: forward from the stored row where possible, else from their orders.
  const customerChanges: { before: CustomerRollupState | null; after: CustomerRollupState | null }[] = [];
  const toAggregate: string[] = [];
  for (const [gid, found] of customers) {
    if (found.other || found.member === null || found.stored === undefined) {
      if (found.other || found.appended.length > 0) toAggregate.push(gid);
      continue;
    }
    if (found.appended.length === 0) continue;
    const after = appendCountedOrders(found.stored, found.appended, found.member, { shop, customerGid: gid }, timezone);
    if (after) customerChanges.push({ before: found.stored, after });
    else toAggregate.push(gid);
  }
  const resegment: string[] = [];
  if (toAggregate.length > 0) {
    const unknown = toAggregate.filter((gid) => customers.get(gid)?.stored === undefined);
    const stored = await storedCustomers(k, shop, unknown);
    const current = await aggregateCustomers(tx, shop, toAggregate, timezone);
    for (const gid of toAggregate) {
      const found = customers.get(gid);
      const before = found?.stored === undefined ? (stored.get(gid) ?? null) : found.stored;
      const after = current.get(gid) ?? null;
      if (!sameCustomerRollup(before, after)) customerChanges.push({ before, after });
      // A segment that changed behind the customer's back (a Member row written without refreshCustomerRollups):
      // its other orders move too, in a second round.
      if (after && before && after.segment !== before.segment && !explicitCustomers.includes(gid)) resegment.push(gid);
    }
  }

  const changedOrders = orderChanges.flatMap(({ after }) => (after ? [after] : []));
  const droppedOrders = orderChanges.flatMap(({ before, after }) => (before && !after ? [before.orderGid] : []));
  const changedCustomers = customerChanges.flatMap(({ after }) => (after ? [after] : []));
  const droppedCustomers = customerChanges.flatMap(({ before, after }) => (before && !after ? [before.customerGid] : []));
  if (changedOrders.length > 0) await saveCountedOrders(tx, changedOrders);
  for (const chunk of chunked(droppedOrders, 1)) await k.deleteFrom("OrderRollup").where("shop", "=", shop).where("orderGid", "in", chunk).execute();
  if (changedCustomers.length > 0) await saveCustomerRows(tx, changedCustomers);
  for (const chunk of chunked(droppedCustomers, 1)) await k.deleteFrom("CustomerRollup").where("shop", "=", shop).where("customerGid", "in", chunk).execute();
  const deltas = dailyOrderDeltas({ orders: orderChanges, customers: customerChanges });
  if (deltas.length > 0) await addDailyOrderRows(tx, deltas);
  if (resegment.length > 0) await refreshShop(tx, shop, [], resegment);
}

function byShop<T extends { shop: string }>(items: readonly T[], key: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const item of items) {
    const group = groups.get(item.shop) ?? new Set<string>();
    group.add(key(item));
    groups.set(item.shop, group);
  }
  return new Map([...groups].map(([shop, keys]) => [shop, [...keys]]));
}

/** Queues these orders: their rollups move to what their rows say at the end of the transaction (contract above). */
export function recordOrderRollups(tx: Tx, orders: readonly { shop: string; orderGid: string }[]): void {
  queueOf(tx, "recordOrderRollups").orders.push(...orders.map(({ shop, orderGid }) => ({ shop, orderGid })));
}

/** Queues these customers: re-counted, with every order counted under or linked to them (contract above). */
export function refreshCustomerRollups(tx: Tx, customers: readonly { shop: string; customerGid: string }[]): void {
  queueOf(tx, "refreshCustomerRollups").customers.push(...customers.map(({ shop, customerGid }) => ({ shop, customerGid })));
}

// ── The transaction ─────────────────────────────────────────────────────────────────────────────────────────

/** What a transaction's writers queued for the rollups. */
interface RollupQueue {
  entries: RollupEntry[];
  /** The report zone of each shop among the entries. */
  zones: Map<string, string>;
  orders: { shop: string; orderGid: string }[];
  customers: { shop: string; customerGid: string }[];
}

const queues = new WeakMap<Tx, RollupQueue>();

function queueOf(tx: Tx, caller: string): RollupQueue {
  const queue = queues.get(tx);
  // A transaction opened without transactionWithRollups would commit its rows without their rollups (drift).
  if (!queue) throw new Error(`${caller}: the transaction was not opened by transactionWithRollups`);
  return queue;
}

/**
 * Runs `work` in a transaction of `db` and writes what it queued for the rollups at its end, after every other
 * write of the transaction (contract above): the transaction of every writer of ledger entries, order records or
 * members.
 */
export async function transactionWithRollups<T>(
  db: PrismaClient,
  work: (tx: Tx) => Promise<T>,
  options?: { maxWait?: number; timeout?: number },
): Promise<T> {
  return db.$transaction(async (tx) => {
    const queue: RollupQueue = { entries: [], zones: new Map(), orders: [], customers: [] };
    queues.set(tx, queue);
    const result = await work(tx);
    await writeQueuedRollups(tx, queue);
    queues.delete(tx);
    return result;
  }, options);
}

/** Rollup locks: one per shop, in their own class of PostgreSQL advisory locks. */
const ROLLUP_LOCK_CLASS = 15_001;

/** A shop's lock key: FNV-1a of its name, as a signed 32-bit integer (a collision only serializes two shops). */
function shopLockKey(shop: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < shop.length; i++) hash = Math.imul(hash ^ shop.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * Takes the shops' rollup locks, in name order, until the transaction ends (PostgreSQL; SQLite has one writer).
 * Every rollup write of a shop happens under its lock, last in its transaction: writers never wait for one another's
 * rollups while holding a lock the other needs, and a customer's state is read and written by one at a time.
 */
export async function lockShopRollups(tx: Tx, shops: readonly string[]): Promise<void> {
  if (sqlDialect(tx).provider !== "postgresql") return;
  const k = kyselyOf(tx);
  for (const shop of [...new Set(shops)].sort()) {
    await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, ${shopLockKey(shop)}) IS NULL AS locked`.execute(k);
  }
}

async function writeQueuedRollups(tx: Tx, queue: RollupQueue): Promise<void> {
  const shops = new Set([...queue.entries, ...queue.orders, ...queue.customers].map((item) => item.shop));
  if (shops.size === 0) return;
  await lockShopRollups(tx, [...shops]);
  const k = kyselyOf(tx);
  const orders = byShop(queue.orders, (order) => order.orderGid);
  const customers = byShop(queue.customers, (customer) => customer.customerGid);
  for (const shop of [...shops].sort()) {
    // Nothing is counted for a customer without a row (no paid order counted yet): the usual case of a new member.
    const known: string[] = [];
    for (const chunk of chunkBy(customers.get(shop) ?? [], KEYS_PER_ROUND)) {
      const rows = await k.selectFrom("CustomerRollup").select("customerGid").where("shop", "=", shop).where("customerGid", "in", chunk).execute();
      known.push(...rows.map((row) => row.customerGid));
    }
    const orderChunks = chunkBy(orders.get(shop) ?? [], KEYS_PER_ROUND);
    const customerChunks = chunkBy(known, KEYS_PER_ROUND);
    for (let round = 0; round < Math.max(orderChunks.length, customerChunks.length); round++) {
      await refreshShop(tx, shop, orderChunks[round] ?? [], customerChunks[round] ?? []);
    }
  }
  const rows = calculateLedgerRollups(queue.entries, (shop) => queue.zones.get(shop) ?? "UTC");
  await addLedgerRows(tx, rows);
}

function chunkBy<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

// ── Rebuild ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface RebuildSummary {
  shop: string;
  timezone: string;
  ledgerRows: number;
  orders: number;
  customers: number;
  orderDayRows: number;
  seconds: number;
}

/** Deletes every rollup row of the shop, its RollupState included. */
export async function deleteShopRollups(db: Client, shop: string): Promise<void> {
  const k = kyselyOf(db);
  await k.deleteFrom("RollupState").where("shop", "=", shop).execute();
  await k.deleteFrom("DailyLedgerRollup").where("shop", "=", shop).execute();
  await k.deleteFrom("DailyOrderRollup").where("shop", "=", shop).execute();
  await k.deleteFrom("OrderRollup").where("shop", "=", shop).execute();
  await k.deleteFrom("CustomerRollup").where("shop", "=", shop).execute();
}

/** Replaces the shop's rollups with ones computed from its ledger and orders, inside `tx`. */
export async function rebuildShopRollupsIn(tx: Tx, shop: string, now: Date): Promise<RebuildSummary> {
  const started = performance.now();
  await lockShopRollups(tx, [shop]);
  const timezone = reportTimeZone(await shopTimeZone(tx, shop));
  await deleteShopRollups(tx, shop);
  const ledger = await computeLedgerRollups(tx, shop, timezone);
  await addLedgerRows(tx, ledger);
  const orders = await insertCountedOrdersFromSource(tx, shop, timezone);
  const customers = await computeCustomerRollups(tx, shop, timezone, null);
  await saveCustomerRows(tx, customers);
  const orderDays = sumDailyOrderRows(await computeDailyOrderRollups(tx, shop, timezone, customers));
  await addDailyOrderRows(tx, orderDays);
  await kyselyOf(tx)
    .insertInto("RollupState")
    .values({ shop, timezone, builtAt: now })
    .onConflict((conflict) => conflict.column("shop").doUpdateSet({ timezone, builtAt: now }))
    .execute();
  return { shop, timezone, ledgerRows: ledger.length, orders, customers: customers.length, orderDayRows: orderDays.length, seconds: (performance.now() - started) / 1000 };
}

/** Rebuilds one shop in its own transaction (contract above). */
export async function rebuildShopRollups(db: PrismaClient, shop: string, now: Date): Promise<RebuildSummary> {
  return db.$transaction((tx) => rebuildShopRollupsIn(tx, shop, now), snapshotTransactionOptions(db));
}
