/**
 * orders/paid in sets: many new paid orders awarded in one transaction of set-based statements
 * (docs/decisions/014-hot-paths-below-the-orm.md). The same rules as `recordOrderPaid`, for the common case.
 *
 * Rules:
 * - The batch takes the deliveries it can award exactly as `recordOrderPaid` would, one after another in arrival
 *   order, and hands back the rest (`rest`) for that per-event path, to run after this transaction commits:
 *   a shop whose program is not live, an order recorded under another shop, a second delivery of an order in the
 *   batch, an order waiting for product data, and an order whose record already existed (a refund or a
 *   cancellation came first, or it was seen before: only the per-event path reconciles those).
 * - One transaction, a fixed number of statements whatever the batch size: lock (upsert) the order records, then
 *   the members, each sorted by key so concurrent batches on PostgreSQL take row locks in the same order (orders,
 *   then members, as everywhere); read the tier windows; insert the entries; write the members' cached balances and
 *   tiers, the orders' outcome and the outbox jobs. Only records this statement created (status PAID_NEW, never
 *   committed) are awarded here, so nothing can already be clawed from them.
 * - Each order is rated in arrival order with the tier its member holds at that point: the cached metric for a
 *   member's first order in the batch, then the metric after the previous order (the tier window recomputed
 *   exactly, as the ledger writer does after every write).
 * - Each order's entry carries the time its delivery was received (`now`), as the per-event path does.
 * - The report rollups (docs/decisions/015-daily-rollups.md) move in the same transaction, array-based, after the
 *   last write to the orders: the entries written (one multi-row upsert of their days) and the orders recorded,
 *   guests' included (`recordOrderRollups`: a read and an upsert per rollup table, per shop). A member created here
 *   for a customer who had bought before moves that customer's earlier orders to the members' figures there too.
 * - `complete` runs last in the same transaction: the inbox marks the deliveries done with the award.
 */
import { tierPointTypes } from "../figures";
import type { PrismaClient } from "@prisma/client";
import { sql } from "kysely";
import { integerResult } from "~/db/dialect.server";
import { newId } from "~/db/ids";
import { chunked, dateResult, kyselyOf, type Db } from "~/db/kysely.server";
import type { OrderRecord as OrderRecordTable } from "~/db/kysely-types";
import { calculateOrderPoints } from "../calculators";
import type { PaidOrder } from "../events";
import { earnKey } from "../ledger-rules";
import { formatPoints } from "../money";
import { missingProductGids, needsProductData, productGidsOf, withProductData, type ProductData } from "../product-data";
import { earningRulesOf } from "../program";
import { toSafeNumber } from "../safe-integer";
import { evaluateTier, tierMultiplier, tierWindowStart } from "../tiers";
import type { EarnCalculation } from "../types";
import { cashbackScheduleJob, type CashbackJob } from "./cashback.server";
import type { Tx } from "./ledger.server";
import { EXPIRE_POINTS, METAFIELD_SYNC } from "./outbox.server";
import type { OrderOutcome, StoredEarnBreakdown } from "./orders.server";
import { getCachedProductData } from "./product-cache.server";
import { getShopProgram, type ShopProgram } from "./program.server";
import { recordCodesUsed } from "./redemptions.server";
import { enqueueReferralOrder, referralOrderOf } from "./referrals.server";
import { recordLedgerRollups, recordOrderRollups, transactionWithRollups } from "./rollups.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The status a record created by this batch has until the same transaction moves it on (see orders.server.ts). */
const PAID_NEW = "paid_new";

export interface PaidDelivery<K> {
  key: K;
  shop: string;
  order: PaidOrder;
  /** When the delivery was received: the event's time. */
  now: Date;
}

export interface BatchResult<K> {
  outcomes: Map<K, OrderOutcome>;
  /** For the per-event path, in arrival order, after this batch commits. */
  rest: PaidDelivery<K>[];
}

type OrderRow = { [C in keyof OrderRecordTable]: unknown } & { id: string; status: string };

interface MemberState {
  id: string;
  shop: string;
  customerGid: string;
  balance: number;
  lifetimeEarned: number;
  tierId: string | null;
  tierMetric: number;
  version: number;
  /** Orders of this member in the batch. */
  orders: number;
  /** Entries written for this member in the batch, in order. */
  written: { points: number; spendMinor: number; createdAt: Date }[];
  lastNow: Date;
}

interface Award<K> {
  delivery: PaidDelivery<K>;
  record: OrderRow;
  program: ShopProgram;
  products: ReadonlyMap<string, ProductData>;
}

export async function awardPaidOrders<K>(
  db: PrismaClient,
  deliveries: readonly PaidDelivery<K>[],
  complete: (tx: Tx, outcomes: Map<K, OrderOutcome>) => Promise<void>,
): Promise<BatchResult<K>> {
  return transactionWithRollups(db, async (tx) => {
    const k = kyselyOf(tx);
    const outcomes = new Map<K, OrderOutcome>();
    const rest: PaidDelivery<K>[] = [];
    const candidates = await selectCandidates(tx, k, deliveries, rest, outcomes);
    const guests = candidates.filter((c) => !c.delivery.order.customer);
    await recordGuestOrders(k, guests, outcomes);
    const withCustomer = candidates.filter((c) => c.delivery.order.customer);
    for (const c of withCustomer) {
      const { order, shop, now } = c.delivery;
      await recordCodesUsed(tx, shop, { codes: order.discountCodes, orderGid: order.orderGid, usedAt: order.paidAt ?? now });
      if (order.referral && order.customer) await enqueueReferralOrder(tx, shop, referralOrderOf(order, order.customer.customerGid, now), now);
    }
    const records = await lockOrders(k, withCustomer);
    const awards: Award<K>[] = [];
    for (const c of withCustomer) {
      const record = records.get(recordKey(c.delivery.shop, c.delivery.order.orderGid));
      if (!record) throw new Error(`Order ${c.delivery.order.orderGid} was not locked`);
      const { orderGid } = c.delivery.order;
      if (record.status === PAID_NEW) awards.push({ ...c, record });
      else if (record.status === "awarded") outcomes.set(c.delivery.key, outcome("duplicate", `Order ${orderGid} was already awarded`));
      else if (record.status === "awaiting_product_data") {
        outcomes.set(c.delivery.key, outcome("duplicate", `Order ${orderGid} is already waiting for product data`));
      } else rest.push(c.delivery);
    }
    const written = awards.length > 0 ? await award(tx, k, awards, outcomes) : [];
    recordLedgerRollups(tx, written, [...new Map(awards.map(({ program }) => [program.shop, program])).values()]);
    recordOrderRollups(
      tx,
      // Every record written: the guests', the awarded ones and those whose lock rewrote their paid facts.
      [...guests, ...withCustomer].map(({ delivery }) => ({ shop: delivery.shop, orderGid: delivery.order.orderGid })),
    );
    await complete(tx, outcomes);
    return { outcomes, rest: rest.sort((a, b) => deliveries.indexOf(a) - deliveries.indexOf(b)) };
  });
}

function outcome(status: OrderOutcome["status"], message: string, points = 0): OrderOutcome {
  return { status, points, message };
}

const recordKey = (shop: string, orderGid: string) => `${shop}\n${orderGid}`;
const memberKey = (shop: string, customerGid: string) => `${shop}\n${customerGid}`;

/**
 * The deliveries this batch can award, with their program and product data. An order already recorded is settled
 * from its record's status (awarded or waiting: a redelivery, stopped before the program is read) or left to the
 * per-event path (`rest`), as is anything else the batch does not do.
 */
async function selectCandidates<K>(
  tx: Tx,
  k: Db,
  deliveries: readonly PaidDelivery<K>[],
  rest: PaidDelivery<K>[],
  outcomes: Map<K, OrderOutcome>,
): Promise<Omit<Award<K>, "record">[]> {
  const known = await k
    .selectFrom("OrderRecord")
    .select(["orderGid", "shop", "status"])
    .where("orderGid", "in", [...new Set(deliveries.map((d) => d.order.orderGid))])
    .execute();
  const seen = new Set<string>();
  const fresh: PaidDelivery<K>[] = [];
  for (const delivery of deliveries) {
    const { shop, order, now } = delivery;
    const records = known.filter((row) => row.orderGid === order.orderGid);
    const key = recordKey(shop, order.orderGid);
    const status = records.length === 1 && records[0]?.shop === shop ? records[0].status : null;
    if (seen.has(key) || records.length > 1 || (records.length === 1 && !status)) rest.push(delivery);
    else if (status === "awarded" || status === "awaiting_product_data") {
      // A redelivery: it still marks its redemption codes used (as recordOrderPaid does), then stops.
      await recordCodesUsed(tx, shop, { codes: order.discountCodes, orderGid: order.orderGid, usedAt: order.paidAt ?? now });
      const message = status === "awarded" ? `Order ${order.orderGid} was already awarded` : `Order ${order.orderGid} is already waiting for product data`;
      outcomes.set(delivery.key, outcome("duplicate", message));
    } else if (status) rest.push(delivery);
    else fresh.push(delivery);
    seen.add(key);
  }
  const programs = new Map<string, ShopProgram>();
  for (const shop of new Set(fresh.map((d) => d.shop))) programs.set(shop, await getShopProgram(tx, shop));
  const products = await productDataByShop(tx, fresh, programs);
  const candidates: Omit<Award<K>, "record">[] = [];
  for (const delivery of fresh) {
    const program = programs.get(delivery.shop);
    if (!program) throw new Error(`No program for ${delivery.shop}`);
    const shopProducts = products.get(delivery.shop) ?? new Map<string, ProductData>();
    const rules = earningRulesOf(program.settings);
    const waits = delivery.order.customer !== null && needsProductData(rules) && missingProductGids(delivery.order.earnOrder, shopProducts).length > 0;
    if (program.settings.status !== "live" || waits) rest.push(delivery);
    else candidates.push({ delivery, program, products: shopProducts });
  }
  return candidates;
}

/**
 * Cached product data of the batch's products, per shop that rates by product. Fresh as of the latest delivery:
 * what is fresh for it is fresh for every earlier one (an order that misses data goes to the per-event path).
 */
async function productDataByShop<K>(
  tx: Tx,
  deliveries: readonly PaidDelivery<K>[],
  programs: ReadonlyMap<string, ShopProgram>,
): Promise<Map<string, Map<string, ProductData>>> {
  const result = new Map<string, Map<string, ProductData>>();
  for (const [shop, program] of programs) {
    if (!needsProductData(earningRulesOf(program.settings))) continue;
    const ofShop = deliveries.filter((d) => d.shop === shop && d.order.customer);
    const gids = [...new Set(ofShop.flatMap((d) => productGidsOf(d.order.earnOrder)))];
    const latest = new Date(Math.max(...ofShop.map((d) => d.now.getTime())));
    result.set(shop, await getCachedProductData(tx, shop, gids, latest));
  }
  return result;
}

/** Orders without a customer: recorded once (status no_customer), never awarded. */
async function recordGuestOrders<K>(k: Db, guests: readonly Omit<Award<K>, "record">[], outcomes: Map<K, OrderOutcome>): Promise<void> {
  for (const chunk of chunked(guests, 10)) {
    await k
      .insertInto("OrderRecord")
      .values(
        chunk.map(({ delivery: { shop, order } }) => ({
          id: newId(),
          shop,
          orderGid: order.orderGid,
          status: "no_customer",
          paidAt: order.paidAt,
          totalMinor: order.totalMinor,
          currency: order.earnOrder.currency,
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      )
      .onConflict((oc) => oc.columns(["shop", "orderGid"]).doNothing())
      .execute();
  }
  for (const { delivery } of guests) {
    outcomes.set(delivery.key, outcome("no_customer", `Order ${delivery.order.orderGid} has no customer: no points awarded`));
  }
}

/**
 * Locks every order's record, creating the missing ones as PAID_NEW; the update always writes, so it takes the
 * row lock, and records the paid facts. Sorted by key: concurrent batches lock in the same order.
 */
async function lockOrders<K>(k: Db, candidates: readonly Omit<Award<K>, "record">[]): Promise<Map<string, OrderRow>> {
  const rows = candidates
    .map(({ delivery: { shop, order, now } }) => ({
      id: newId(),
      shop,
      orderGid: order.orderGid,
      customerGid: order.customer?.customerGid ?? null,
      status: PAID_NEW,
      paidAt: order.paidAt,
      totalMinor: order.totalMinor,
      currency: order.earnOrder.currency,
      createdAt: new Date(),
      updatedAt: now,
    }))
    .sort((a, b) => compare(recordKey(a.shop, a.orderGid), recordKey(b.shop, b.orderGid)));
  const locked = new Map<string, OrderRow>();
  for (const chunk of chunked(rows, 10)) {
    const returned = await k
      .insertInto("OrderRecord")
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(["shop", "orderGid"]).doUpdateSet((eb) => ({
          updatedAt: eb.ref("excluded.updatedAt"),
          paidAt: eb.ref("excluded.paidAt"),
          totalMinor: eb.ref("excluded.totalMinor"),
          currency: eb.ref("excluded.currency"),
        })),
      )
      .returningAll()
      .execute();
    for (const row of returned) locked.set(recordKey(row.shop, row.orderGid), row);
  }
  return locked;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Awards the orders; returns the entries written. */
async function award<K>(tx: Tx, k: Db, awards: readonly Award<K>[], outcomes: Map<K, OrderOutcome>): Promise<EntryRow[]> {
  const members = await lockMembers(k, awards);
  const windows = await tierWindows(k, awards, members);
  const entries: EntryRow[] = [];
  const orderUpdates: OrderRow[] = [];
  const cashbackJobs: CashbackJob[] = [];
  for (const a of awards) {
    const { delivery, program, record, products } = a;
    const { order, now } = delivery;
    const customer = order.customer;
    if (!customer) throw new Error(`Order ${order.orderGid} has no customer`);
    const member = members.get(memberKey(delivery.shop, customer.customerGid));
    if (!member) throw new Error(`Member ${customer.customerGid} was not locked`);
    const { settings } = program;
    const currentTier = evaluateTier(settings.tierProgram, member.tierMetric).current;
    const rated = withProductData(order.earnOrder, products);
    const calc = calculateOrderPoints(rated, earningRulesOf(settings), tierMultiplier(settings.tierProgram, currentTier));
    const paidAt = order.paidAt ?? now;
    if (calc.points > 0) {
      const spendMinor = eligibleSpend(calc);
      entries.push({
        id: newId(),
        shop: delivery.shop,
        memberId: member.id,
        type: "earn",
        points: calc.points,
        idempotencyKey: earnKey(order.orderGid),
        reversesId: null,
        orderGid: order.orderGid,
        orderName: order.earnOrder.orderName ?? null,
        explanation: calc.explanation,
        breakdown: JSON.stringify({ ...calc, order: rated, tierId: currentTier?.id ?? null } satisfies StoredEarnBreakdown),
        spendMinor,
        vestsAt: settings.vestingDays > 0 ? new Date(paidAt.getTime() + settings.vestingDays * DAY_MS) : null,
        expiresAt: settings.expiryDays ? new Date(paidAt.getTime() + settings.expiryDays * DAY_MS) : null,
        actor: null,
        note: null,
        createdAt: now,
      });
      member.balance += calc.points;
      member.lifetimeEarned += calc.points;
      member.written.push({ points: calc.points, spendMinor, createdAt: now });
      const tier = windows.metricAfterWrite(member, program, now);
      member.tierMetric = tier.metric;
      member.tierId = tier.tierId;
    }
    const cashback = cashbackScheduleJob(program, { orderGid: order.orderGid, orderName: order.earnOrder.orderName ?? null, memberId: member.id, customerGid: member.customerGid, calc, tierId: currentTier?.id ?? null, paidAt, now });
    if (cashback) cashbackJobs.push(cashback);
    member.orders += 1;
    member.lastNow = now;
    orderUpdates.push({ ...record, status: "awarded", customerGid: member.customerGid, paidAt, earnedPoints: calc.points, earnInput: null, updatedAt: new Date() });
    outcomes.set(delivery.key, outcome("awarded", `Awarded ${formatPoints(calc.points)} for ${order.orderGid}`, calc.points));
  }
  await insertEntries(k, entries);
  await saveMembers(k, [...members.values()]);
  await saveOrders(k, orderUpdates);
  await enqueueJobs(k, [...jobsFor(entries, [...members.values()]), ...cashbackJobs]);
  await learnCurrencies(tx, awards);
  return entries;
}

type EntryRow = {
  id: string;
  shop: string;
  memberId: string;
  type: string;
  points: number;
  idempotencyKey: string;
  reversesId: null;
  orderGid: string;
  orderName: string | null;
  explanation: string;
  breakdown: string;
  spendMinor: number;
  vestsAt: Date | null;
  expiresAt: Date | null;
  actor: null;
  note: null;
  createdAt: Date;
};

/** Spend that counts towards spend-based tiers: earning lines, not shipping or excluded lines. */
function eligibleSpend(calc: EarnCalculation): number {
  return calc.lines
    .filter((line) => line.rate.source !== "excluded" && line.rate.source !== "shipping")
    .reduce((total, line) => total + line.eligibleMinor, 0);
}

/**
 * Locks (creating when new, with the profile of their first order) the members of the awards, sorted by key.
 * The version goes up once here; `saveMembers` adds one per further order, as one lock per order would.
 */
async function lockMembers<K>(k: Db, awards: readonly Award<K>[]): Promise<Map<string, MemberState>> {
  const byKey = new Map<string, { shop: string; customerGid: string; displayName: string | null; email: string | null; createdAt: Date }>();
  for (const { delivery } of awards) {
    const customer = delivery.order.customer;
    if (!customer) continue;
    const key = memberKey(delivery.shop, customer.customerGid);
    if (!byKey.has(key)) {
      byKey.set(key, { shop: delivery.shop, customerGid: customer.customerGid, displayName: customer.displayName, email: customer.email, createdAt: new Date() });
    }
  }
  const rows = [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([, row]) => ({ id: newId(), ...row, version: 1, updatedAt: row.createdAt }));
  const members = new Map<string, MemberState>();
  for (const chunk of chunked(rows, 9)) {
    const returned = await k
      .insertInto("Member")
      .values(chunk)
      .onConflict((oc) => oc.columns(["shop", "customerGid"]).doUpdateSet((eb) => ({ version: sql`${eb.ref("Member.version")} + 1` })))
      .returning(["id", "shop", "customerGid", "balance", "lifetimeEarned", "tierId", "tierMetric", "version"])
      .execute();
    for (const row of returned) {
      members.set(memberKey(row.shop, row.customerGid), {
        id: row.id,
        shop: row.shop,
        customerGid: row.customerGid,
        balance: integerResult(row.balance, "Member balance"),
        lifetimeEarned: integerResult(row.lifetimeEarned, "Member lifetime earned"),
        tierId: row.tierId,
        tierMetric: integerResult(row.tierMetric, "Member tier metric"),
        version: integerResult(row.version, "Member version"),
        orders: 0,
        written: [],
        lastNow: new Date(0),
      });
    }
  }
  return members;
}

interface TierWindows {
  /** The member's tier and metric after its latest write in the batch, as the ledger writer evaluates them. */
  metricAfterWrite(member: MemberState, program: ShopProgram, now: Date): { tierId: string | null; metric: number };
}

/**
 * What the tier windows held before the batch, per member, read in two statements per shop: the totals since
 * the latest window start of the batch, and the few entries between the earliest and the latest start (a rolling
 * window moves with each delivery's time). A window's metric is then exact for every delivery.
 */
async function tierWindows<K>(k: Db, awards: readonly Award<K>[], members: ReadonlyMap<string, MemberState>): Promise<TierWindows> {
  const totals = new Map<string, { points: number; spend: number }>();
  const between = new Map<string, { createdAt: Date; points: number; spend: number }[]>();
  const byShop = new Map<string, { program: ShopProgram; starts: (Date | null)[]; memberIds: Set<string> }>();
  for (const { delivery, program } of awards) {
    const tiers = program.settings.tierProgram;
    if (tiers.tiers.length === 0 || !delivery.order.customer) continue;
    const group = byShop.get(delivery.shop) ?? { program, starts: [], memberIds: new Set<string>() };
    group.starts.push(tierWindowStart(tiers.window, delivery.now, program.timezone));
    const member = members.get(memberKey(delivery.shop, delivery.order.customer.customerGid));
    if (member) group.memberIds.add(member.id);
    byShop.set(delivery.shop, group);
  }
  for (const { program, starts, memberIds } of byShop.values()) {
    const pointsBasis = program.settings.tierProgram.basis === "points";
    const times = starts.filter((s): s is Date => s !== null).map((s) => s.getTime());
    const latest = times.length > 0 ? new Date(Math.max(...times)) : null;
    const earliest = times.length > 0 ? new Date(Math.min(...times)) : null;
    for (const ids of chunked([...memberIds], 1)) {
      let query = k
        .selectFrom("LedgerEntry")
        .select((eb) => ["memberId", eb.fn.sum<string | number | bigint | null>("points").as("points"), eb.fn.sum<string | number | bigint | null>("spendMinor").as("spend")])
        .where("memberId", "in", ids)
        .groupBy("memberId");
      if (pointsBasis) query = query.where("type", "in", tierPointTypes(program.settings.tierCountsManualCredits));
      if (latest) query = query.where("createdAt", ">=", latest);
      for (const row of await query.execute()) {
        totals.set(row.memberId, { points: integerResult(row.points, "Tier points"), spend: integerResult(row.spend, "Tier spend") });
      }
      if (earliest && latest && earliest < latest) {
        let rows = k
          .selectFrom("LedgerEntry")
          .select(["memberId", "createdAt", "points", "spendMinor"])
          .where("memberId", "in", ids)
          .where("createdAt", ">=", earliest)
          .where("createdAt", "<", latest);
        if (pointsBasis) rows = rows.where("type", "in", tierPointTypes(program.settings.tierCountsManualCredits));
        for (const row of await rows.execute()) {
          const list = between.get(row.memberId) ?? [];
          list.push({ createdAt: dateResult(row.createdAt), points: integerResult(row.points), spend: integerResult(row.spendMinor) });
          between.set(row.memberId, list);
        }
      }
    }
  }
  return {
    metricAfterWrite(member, program, now) {
      const tiers = program.settings.tierProgram;
      if (tiers.tiers.length === 0) return { tierId: null, metric: 0 };
      const since = tierWindowStart(tiers.window, now, program.timezone);
      const inWindow = (at: Date) => !since || at >= since;
      const pick = (row: { points: number; spend: number }) => (tiers.basis === "points" ? row.points : row.spend);
      const base = totals.get(member.id);
      let metric = base ? pick(base) : 0;
      for (const row of between.get(member.id) ?? []) if (inWindow(row.createdAt)) metric += pick(row);
      for (const row of member.written) if (inWindow(row.createdAt)) metric += tiers.basis === "points" ? row.points : row.spendMinor;
      metric = toSafeNumber(metric, "Tier metric");
      return { tierId: evaluateTier(tiers, metric).current?.id ?? null, metric };
    },
  };
}

async function insertEntries(k: Db, entries: readonly EntryRow[]): Promise<void> {
  for (const chunk of chunked(entries, 16)) await k.insertInto("LedgerEntry").values(chunk).execute();
}

/** The members' cached balance, lifetime figures and tier, as of their last entry; the version once per order. */
async function saveMembers(k: Db, members: readonly MemberState[]): Promise<void> {
  const changed = members.filter((m) => m.written.length > 0 || m.orders > 1);
  const updatedAt = new Date();
  for (const chunk of chunked(changed, 8)) {
    await k
      .insertInto("Member")
      .values(
        chunk.map((m) => ({
          id: m.id,
          shop: m.shop,
          customerGid: m.customerGid,
          balance: m.balance,
          lifetimeEarned: m.lifetimeEarned,
          tierId: m.tierId,
          tierMetric: m.tierMetric,
          version: m.version + m.orders - 1,
          updatedAt,
        })),
      )
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          balance: eb.ref("excluded.balance"),
          lifetimeEarned: eb.ref("excluded.lifetimeEarned"),
          tierId: eb.ref("excluded.tierId"),
          tierMetric: eb.ref("excluded.tierMetric"),
          version: eb.ref("excluded.version"),
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      )
      .execute();
  }
}

async function saveOrders(k: Db, orders: readonly OrderRow[]): Promise<void> {
  for (const chunk of chunked(orders, 14)) {
    await k
      .insertInto("OrderRecord")
      .values(
        chunk.map((o) => ({
          id: o.id,
          shop: o.shop as string,
          orderGid: o.orderGid as string,
          status: o.status,
          customerGid: o.customerGid as string,
          paidAt: o.paidAt as Date,
          earnedPoints: o.earnedPoints as number,
          earnInput: null,
          updatedAt: o.updatedAt as Date,
        })),
      )
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          customerGid: eb.ref("excluded.customerGid"),
          paidAt: eb.ref("excluded.paidAt"),
          earnedPoints: eb.ref("excluded.earnedPoints"),
          earnInput: eb.ref("excluded.earnInput"),
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      )
      .execute();
  }
}

interface JobRow {
  shop: string;
  kind: string;
  dedupeKey: string;
  payload: string;
  runAfter: Date;
}

/** The ledger writer's outbox jobs: the member's storefront sync, a sync when a lot vests, an expiry per lot. */
function jobsFor(entries: readonly EntryRow[], members: readonly MemberState[]): JobRow[] {
  const jobs = new Map<string, JobRow>();
  const add = (job: JobRow) => jobs.set(`${job.kind}\n${job.dedupeKey}`, job);
  for (const m of members) {
    if (m.written.length > 0) add({ shop: m.shop, kind: METAFIELD_SYNC, dedupeKey: m.id, payload: JSON.stringify({ memberId: m.id }), runAfter: m.lastNow });
  }
  for (const e of entries) {
    const payload = JSON.stringify({ memberId: e.memberId });
    if (e.vestsAt && e.vestsAt > e.createdAt) add({ shop: e.shop, kind: METAFIELD_SYNC, dedupeKey: `vest:${e.id}`, payload, runAfter: e.vestsAt });
    if (e.expiresAt) add({ shop: e.shop, kind: EXPIRE_POINTS, dedupeKey: `expire:${e.id}`, payload, runAfter: e.expiresAt });
  }
  return [...jobs.values()];
}

/** enqueueJob's upsert, for many jobs at once. */
async function enqueueJobs(k: Db, jobs: readonly JobRow[]): Promise<void> {
  const now = new Date();
  for (const chunk of chunked(jobs, 10)) {
    await k
      .insertInto("OutboxJob")
      .values(chunk.map((job) => ({ id: newId(), ...job, createdAt: now, updatedAt: now })))
      .onConflict((oc) =>
        oc.columns(["kind", "dedupeKey"]).doUpdateSet((eb) => ({
          payload: eb.ref("excluded.payload"),
          runAfter: eb.ref("excluded.runAfter"),
          doneAt: null,
          deadAt: null,
          attempts: 0,
          generation: sql`${eb.ref("OutboxJob.generation")} + 1`,
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      )
      .execute();
  }
}

/** The shop's currency is learnt from its paid orders: the last order's, when any order differs. */
async function learnCurrencies<K>(tx: Tx, awards: readonly Award<K>[]): Promise<void> {
  const byShop = new Map<string, { program: ShopProgram; currencies: string[] }>();
  for (const { delivery, program } of awards) {
    const group = byShop.get(delivery.shop) ?? { program, currencies: [] };
    group.currencies.push(delivery.order.earnOrder.currency);
    byShop.set(delivery.shop, group);
  }
  for (const [shop, { program, currencies }] of byShop) {
    const last = currencies[currencies.length - 1];
    if (currencies.some((currency) => currency !== program.currency)) await tx.program.update({ where: { shop }, data: { currency: last } });
  }
}
