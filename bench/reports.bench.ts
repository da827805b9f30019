/**
 * Reports benchmark: the report queries' server time on a large shop, read from the ledger and orders (before the
 * daily rollups) and from the rollups (docs/decisions/015-daily-rollups.md), beside plain indexed counts.
 *
 * 1. Seeds (or reuses, see --fresh) a SQLite file from the committed migrations: 100,000 members, exactly
 *    1,000,000 ledger entries over 730 days, an order record per earn plus guest and non-member orders, a
 *    redemption per redeem (better-sqlite3, inserted in time order as the app writes them; dates in the Prisma
 *    adapter's stored format; member balance caches equal to the ledger). Deterministic (seeded PRNG). A reused
 *    file gets the migrations committed since it was seeded.
 * 2. Phase "ledger": the shop has no RollupState, so every report reads the ledger and orders (the code before the
 *    rollups, kept as their fallback). Then the rollups are built by the app's own rebuild (`rebuildShopRollups`,
 *    what `npm run rollups:rebuild` runs), timed, and checked by `verifyShopRollups` (timed). Phase "rollups":
 *    every report reads them.
 * 3. In each phase, through the app's own Prisma client (driver adapter, serialized connection), every report
 *    function of app/loyalty/server/reports.server.ts: one warm-up call, then --runs timed calls; median, p95, max.
 *    Baselines: `count` over LedgerEntry / OrderRecord / Member / Redemption for the same shop (and range).
 * 4. Checks (exit 1 on failure): every roll-forward row balances; the closing balance equals the members' cached
 *    balances; both phases give identical figures; verify finds no drift after the rebuild.
 * 5. A table on stdout; JSON in bench/results/reports-<timestamp>.json and reports-latest.json.
 *
 * 6. Insights (docs/decisions/029-insights-reports.md), after the rollups phase: the page (a snapshot read and the
 *    margin applied), each CSV, and the computation the refresh-insights job runs (12 and 24 months).
 *
 * Targets (reported, not failed): each report < 100 ms, the whole page < 300 ms (medians, rollups phase).
 *
 *   npx tsx bench/reports.bench.ts [--members 100000] [--entries 1000000] [--days 730] [--runs 9] [--fresh] [--seed 42]
 *     [--insights-only]   (reuse a seeded file whose rollups are built: only the insights are measured)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import type { PrismaClient } from "@prisma/client";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { seededRandom } from "./support/random";
import { machine } from "./support/machine";
import { percentile, round } from "./support/stats";
import { runMain } from "./support/results";

const DAY_MS = 24 * 60 * 60 * 1000;

const BENCH_SHOP = "bench-reports.myshopify.com";
const TIMEZONE = "America/New_York";

interface SeedOptions {
  file: string;
  shop: string;
  members: number;
  entries: number;
  /** Days of history before `now`. */
  days: number;
  seed: number;
  now: Date;
  timezone: string;
}

interface SeedSummary {
  members: number;
  entries: number;
  orders: number;
  guestOrders: number;
  redemptions: number;
  /** The benchmark's "now": one minute after the last seeded entry (ISO 8601). */
  now: string;
  entriesByType: Record<string, number>;
  seconds: number;
  /** The migrations the file was built with (absent in markers written before the rollups). */
  migrations?: string[];
}

type EntryType = "earn" | "bonus" | "manual_credit" | "redeem_rollback" | "redeem" | "clawback" | "expire" | "manual_debit";

interface SeedEvent {
  at: number;
  seq: number;
  member: number;
  type: EntryType;
  /** Signed. */
  points: number;
  order?: number;
  redemption?: number;
}

interface SeedOrder {
  at: number;
  gid: string;
  member: number | null;
  customer: number | null;
  totalMinor: number;
  clawed: number;
}

interface SeedRedemption {
  at: number;
  member: number;
  reward: number;
  cost: number;
  /** Final status when its rollback (failed/returned) made it into the data set. */
  status: "used" | "expired" | "issued" | "failed" | "returned";
  rollbackSeq: number | null;
}

const REWARDS = [
  { id: "bench-reward-5-off", name: "$5 off your order", kind: "fixed_amount", pointsCost: 500, amountMinor: 500, percentBasisPoints: null, minimumOrderMinor: null },
  { id: "bench-reward-10pct", name: "10% off your order", kind: "percentage", pointsCost: 1000, amountMinor: null, percentBasisPoints: 1000, minimumOrderMinor: 2000 },
  { id: "bench-reward-ship", name: "Free shipping", kind: "free_shipping", pointsCost: 300, amountMinor: null, percentBasisPoints: null, minimumOrderMinor: null },
] as const;

const TIERS = [
  { id: "bench-bronze", name: "Bronze", threshold: 0, multiplierMilli: 1000 },
  { id: "bench-silver", name: "Silver", threshold: 500, multiplierMilli: 1250 },
  { id: "bench-gold", name: "Gold", threshold: 1500, multiplierMilli: 1500 },
] as const;

/** Generates every member's history; more entries than asked for, cut to the exact count by time later. */
function generate(options: SeedOptions, cadenceFactor: number) {
  const random = seededRandom(options.seed);
  const now = options.now.getTime();
  const events: SeedEvent[] = [];
  const orders: SeedOrder[] = [];
  const redemptions: SeedRedemption[] = [];
  let seq = 0;
  const push = (event: Omit<SeedEvent, "seq">) => {
    if (event.at <= now) events.push({ ...event, seq: seq++ });
  };
  for (let member = 0; member < options.members; member++) {
    const cadence = (10 + 140 * random() ** 2) * DAY_MS * cadenceFactor;
    const first = now - (60 + random() * (options.days - 60)) * DAY_MS;
    const stop = random() < 0.35 ? first + random() * (now - first) : now;
    let balance = 0;
    const credits: { at: number; points: number }[] = [];
    const settle = (at: number) => {
      for (let i = credits.length - 1; i >= 0; i--) {
        const credit = credits[i];
        if (credit && credit.at <= at) {
          balance += credit.points;
          credits.splice(i, 1);
        }
      }
    };
    push({ at: first, member, type: "bonus", points: 50 });
    balance += 50;
    let t = first;
    let lastOrder = first;
    while (t < stop) {
      settle(t);
      const points = 10 + Math.floor(-Math.log(1 - random()) * 70);
      const order = orders.length;
      orders.push({ at: t, gid: `gid://shopify/Order/${1_000_000 + order}`, member, customer: member, totalMinor: points * 100 + Math.floor(random() * 100), clawed: 0 });
      push({ at: t, member, type: "earn", points, order });
      balance += points;
      lastOrder = t;
      const gap = Math.max(DAY_MS / 2, -Math.log(1 - random()) * cadence);
      if (random() < 0.03) {
        const claw = Math.min(balance, Math.ceil(points * (0.2 + 0.8 * random())));
        if (claw > 0) {
          push({ at: t + Math.min(gap / 2, 7 * DAY_MS), member, type: "clawback", points: -claw, order });
          balance -= claw;
        }
      }
      if (balance >= 300 && random() < 0.35) {
        const reward = balance >= 1000 && random() < 0.3 ? 1 : balance >= 500 ? 0 : 2;
        const cost = REWARDS[reward]?.pointsCost ?? 500;
        const at = t + random() * Math.min(gap / 3, 2 * DAY_MS);
        const outcome = random();
        const status = outcome < 0.02 ? "failed" : outcome < 0.07 ? "returned" : outcome < 0.72 ? "used" : outcome < 0.87 ? "expired" : "issued";
        const index = redemptions.length;
        redemptions.push({ at, member, reward, cost, status, rollbackSeq: null });
        push({ at, member, type: "redeem", points: -cost, redemption: index });
        balance -= cost;
        if (status === "failed" || status === "returned") {
          const back = status === "failed" ? at + 60_000 : at + 30 * DAY_MS;
          const record = redemptions[index];
          if (back <= now && record) {
            record.rollbackSeq = seq;
            push({ at: back, member, type: "redeem_rollback", points: cost, redemption: index });
            credits.push({ at: back, points: cost });
          }
        }
      }
      if (random() < 0.004) {
        push({ at: t + DAY_MS / 4, member, type: "manual_credit", points: 100 });
        balance += 100;
      }
      if (random() < 0.002 && balance > 0) {
        const debit = Math.min(balance, 50);
        push({ at: t + DAY_MS / 3, member, type: "manual_debit", points: -debit });
        balance -= debit;
      }
      t += gap;
    }
    const expiresAt = lastOrder + 365 * DAY_MS;
    settle(expiresAt);
    if (balance > 0 && expiresAt < now) push({ at: expiresAt, member, type: "expire", points: -balance });
  }
  // Orders from guests (no customer) and from customers who are not members (paid while the program was off).
  const extra = Math.round(orders.length * 0.12);
  for (let i = 0; i < extra; i++) {
    const guest = random() < 0.7;
    const at = now - random() * options.days * DAY_MS;
    orders.push({
      at,
      gid: `gid://shopify/Order/${1_000_000 + orders.length}`,
      member: null,
      customer: guest ? null : options.members + Math.floor(random() * options.members * 0.05),
      totalMinor: 1000 + Math.floor(-Math.log(1 - random()) * 6000),
      clawed: 0,
    });
  }
  return { events, orders, redemptions };
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Seeds the reports data set straight into a migrated SQLite file (better-sqlite3, one transaction): a program,
 * tiers, the default rewards, `members` members with histories spread over `days` days, exactly `entries` ledger
 * entries, an order record per earn plus guest and non-member orders, a redemption per redeem. Rows are inserted
 * in time order (as the app writes them), dates in the adapter's stored format, member caches equal to the ledger.
 */
function seedReportsDatabase(options: SeedOptions): SeedSummary {
  const started = performance.now();
  // Calibrate how often members buy so the histories hold 100–104% of the entries asked for; the cut by time
  // then trims the last few days, so the newest data looks like the rest.
  let cadenceFactor = 1;
  let generated = generate(options, cadenceFactor);
  for (let attempt = 0; attempt < 20; attempt++) {
    const ratio = generated.events.length / options.entries;
    if (ratio >= 1 && ratio <= 1.04) break;
    cadenceFactor *= ratio >= 1 ? ratio ** 0.9 * 0.99 : ratio * 0.95;
    generated = generate(options, cadenceFactor);
  }
  if (generated.events.length < options.entries) throw new Error(`Could not generate ${options.entries} entries (got ${generated.events.length})`);
  const events = generated.events.sort((a, b) => a.at - b.at || a.seq - b.seq).slice(0, options.entries);
  const cutoff = events[events.length - 1]?.at ?? options.now.getTime();
  const keptSeqs = new Set<number>();
  for (const event of events) if (event.type === "redeem_rollback") keptSeqs.add(event.seq);

  createMigratedDatabase(options.file);
  const db = new Database(options.file);
  // Seeding only: no journal (a crash just means seeding again); WAL is switched on afterwards, as the app runs.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  const shop = options.shop;
  const stamp = iso(cutoff);
  const memberIds = Array.from({ length: options.members }, (_, i) => `cbm${i.toString(36).padStart(8, "0")}`);
  const customerGid = (customer: number) => `gid://shopify/Customer/${5_000_000 + customer}`;
  let idCounter = 0;
  const nextId = (prefix: string) => `${prefix}${(idCounter++).toString(36).padStart(9, "0")}`;

  const insertEntry = db.prepare(
    `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, reversesId, orderGid, explanation, breakdown, spendMinor, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
  );
  const insertOrder = db.prepare(
    `INSERT INTO "OrderRecord" (id, shop, orderGid, customerGid, status, paidAt, earnedPoints, clawedTarget, totalMinor, currency, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'USD', ?, ?)`,
  );
  const insertRedemption = db.prepare(
    `INSERT INTO "Redemption" (id, shop, memberId, rewardId, clientKey, code, status, pointsCost, rewardName, expiresAt, usedAt, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO "Member" (id, shop, customerGid, displayName, email, balance, lifetimeEarned, lifetimeRedeemed, tierId, tierMetric, version, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A breakdown of a realistic size (the app stores the rated order with every earn).
  const breakdown = JSON.stringify({ lines: Array.from({ length: 3 }, (_, i) => ({ lineGid: `gid://shopify/LineItem/${i}`, title: "Snowboard", quantity: 1, eligibleMinor: 2999, rate: { source: "spend", label: "spend", rateMilli: 1000 }, weight: "2999000", pointsDisplay: "29.99" })) });

  const balance = new Array<number>(options.members).fill(0);
  const earned = new Array<number>(options.members).fill(0);
  const redeemed = new Array<number>(options.members).fill(0);
  const tierMetric = new Array<number>(options.members).fill(0);
  const firstAt = new Array<number>(options.members).fill(0);
  const byType: Record<string, number> = {};
  const keptOrders = new Set<number>();

  for (const event of events) {
    const { member, points, type } = event;
    byType[type] = (byType[type] ?? 0) + 1;
    if (!firstAt[member]) firstAt[member] = event.at;
    balance[member] = (balance[member] ?? 0) + points;
    if (type === "earn" || type === "bonus" || type === "manual_credit") earned[member] = (earned[member] ?? 0) + points;
    if (type === "redeem" || type === "redeem_rollback") redeemed[member] = (redeemed[member] ?? 0) - points;
    if (type === "earn" || type === "bonus" || type === "clawback") tierMetric[member] = (tierMetric[member] ?? 0) + points;
  }
  const insertMembers = () => {
    for (let member = 0; member < options.members; member++) {
      const metric = tierMetric[member] ?? 0;
      const tier = [...TIERS].reverse().find((candidate) => metric >= candidate.threshold);
      const created = iso(firstAt[member] || cutoff);
      insertMember.run(
        memberIds[member],
        shop,
        customerGid(member),
        `Member ${member}`,
        `member${member}@bench.example`,
        balance[member] ?? 0,
        earned[member] ?? 0,
        redeemed[member] ?? 0,
        tier?.id ?? null,
        metric,
        1,
        created,
        stamp,
      );
    }
  };

  db.transaction(() => {
    db.prepare(
      `INSERT INTO "Program" (shop, status, currency, timezone, createdAt, updatedAt) VALUES (?, 'live', 'USD', ?, ?, ?)`,
    ).run(shop, options.timezone, iso(options.now.getTime() - options.days * DAY_MS), stamp);
    for (const tier of TIERS) {
      db.prepare(`INSERT INTO "Tier" (id, shop, name, threshold, multiplierMilli) VALUES (?, ?, ?, ?, ?)`).run(tier.id, shop, tier.name, tier.threshold, tier.multiplierMilli);
    }
    REWARDS.forEach((reward, position) => {
      db.prepare(
        `INSERT INTO "Reward" (id, shop, name, kind, pointsCost, amountMinor, percentBasisPoints, minimumOrderMinor, expiryDays, active, position, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 30, 1, ?, ?, ?)`,
      ).run(reward.id, shop, reward.name, reward.kind, reward.pointsCost, reward.amountMinor, reward.percentBasisPoints, reward.minimumOrderMinor, position, stamp, stamp);
    });
    insertMembers();
    for (const event of events) {
      const { member, points, type } = event;
      const order = event.order === undefined ? undefined : generated.orders[event.order];
      if (order && type === "earn") {
        keptOrders.add(event.order ?? -1);
      }
      if (order && type === "clawback") order.clawed += -points;
      const key = order ? `${type}:${order.gid}${type === "clawback" ? `:${order.clawed}` : ""}` : `${type}:${event.seq}`;
      const redemption = event.redemption === undefined ? undefined : generated.redemptions[event.redemption];
      const explanation =
        type === "earn"
          ? `Order ${order?.gid ?? ""}: 3 × Snowboard at 1 pt/$ + tier Bronze ×1 = ${points} pts`
          : type === "redeem"
            ? `Redeemed ${-points} pts for ${REWARDS[redemption?.reward ?? 0]?.name ?? ""} (code PTS-XXXX-XXXX)`
            : `${type} ${points} pts`;
      insertEntry.run(
        nextId("cle"),
        shop,
        memberIds[member],
        type,
        points,
        key,
        order?.gid ?? null,
        explanation,
        type === "earn" ? breakdown : null,
        type === "earn" ? (order?.totalMinor ?? 0) : 0,
        iso(event.at),
      );
    }
    // Orders in time order, with the guest and non-member ones interleaved.
    const orderRows = generated.orders
      .map((order, index) => ({ order, index }))
      .filter(({ order, index }) => (order.member === null ? order.at <= cutoff : keptOrders.has(index)))
      .sort((a, b) => a.order.at - b.order.at);
    for (const { order } of orderRows) {
      const paidAt = iso(order.at);
      insertOrder.run(
        nextId("clo"),
        shop,
        order.gid,
        order.customer === null ? null : customerGid(order.customer),
        order.member === null ? (order.customer === null ? "no_customer" : "program_not_live") : "awarded",
        paidAt,
        order.member === null ? 0 : Math.floor(order.totalMinor / 100),
        order.clawed,
        order.totalMinor,
        paidAt,
        paidAt,
      );
    }
    generated.redemptions.forEach((redemption, index) => {
      if (redemption.at > cutoff) return;
      const rolledBack = redemption.rollbackSeq !== null && keptSeqs.has(redemption.rollbackSeq);
      const status = redemption.status === "failed" || redemption.status === "returned" ? (rolledBack ? redemption.status : "issued") : redemption.status;
      const reward = REWARDS[redemption.reward] ?? REWARDS[0];
      insertRedemption.run(
        nextId("clr"),
        shop,
        memberIds[redemption.member],
        reward.id,
        `client-${index}`,
        `PTS-${index.toString(36).toUpperCase().padStart(8, "0")}`,
        status,
        redemption.cost,
        reward.name,
        iso(redemption.at + 30 * DAY_MS),
        status === "used" ? iso(redemption.at + DAY_MS) : null,
        iso(redemption.at),
        iso(redemption.at),
      );
    });
  })();
  const counts = db.prepare(`SELECT (SELECT COUNT(*) FROM "OrderRecord") AS orders, (SELECT COUNT(*) FROM "OrderRecord" WHERE customerGid IS NULL) AS guests, (SELECT COUNT(*) FROM "Redemption") AS redemptions`).get() as { orders: number; guests: number; redemptions: number };
  db.pragma("journal_mode = WAL");
  db.close();
  return {
    members: options.members,
    entries: events.length,
    orders: counts.orders,
    guestOrders: counts.guests,
    redemptions: counts.redemptions,
    now: new Date(cutoff + 60_000).toISOString(),
    entriesByType: byType,
    seconds: (performance.now() - started) / 1000,
    migrations: migrationNames(),
  };
}

// ── Runner ────────────────────────────────────────────────────────────────────────────────────────────────────

const REPORT_TARGET_MS = 100;
const PAGE_TARGET_MS = 300;
const MIGRATIONS_DIR = "prisma/migrations";
/**
 * The first migration a marker without a migrations list may lack: such markers were written before this bench
 * listed them, when 20261205030000_webhook_inbox was the latest.
 */
const FIRST_UNLISTED_MIGRATION = "20261205190000_webhook_payload";

function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Applies the migrations committed since the file was seeded (they only add tables and indexes so far). */
function migrateSeededFile(file: string, seed: SeedSummary): SeedSummary {
  const applied = new Set(seed.migrations ?? migrationNames().filter((name) => name < FIRST_UNLISTED_MIGRATION));
  const pending = migrationNames().filter((name) => !applied.has(name));
  if (seed.migrations === undefined) {
    // The previous version of this bench ended by putting back the LedgerEntry index the migrations had already
    // replaced (20261123040000_ledger_report_index): files it left behind get the migrated index again.
    withRawDatabase(file, (db) =>
      db.exec(`DROP INDEX IF EXISTS "LedgerEntry_shop_type_createdAt_idx";
        CREATE INDEX IF NOT EXISTS "LedgerEntry_shop_type_createdAt_points_idx" ON "LedgerEntry"("shop", "type", "createdAt", "points");`),
    );
  }
  if (pending.length === 0) return seed;
  withRawDatabase(file, (db) => {
    for (const name of pending) db.exec(readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
  });
  console.log(`Applied ${pending.join(", ")} to ${file}`);
  return { ...seed, migrations: migrationNames() };
}

interface Options {
  members: number;
  entries: number;
  days: number;
  runs: number;
  seed: number;
  fresh: boolean;
  insightsOnly: boolean;
}

function parseOptions(argv = process.argv.slice(2)): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: "string" },
      entries: { type: "string" },
      days: { type: "string" },
      runs: { type: "string" },
      seed: { type: "string" },
      fresh: { type: "boolean", default: false },
      "insights-only": { type: "boolean", default: false },
    },
    strict: true,
  });
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
    return value;
  };
  return {
    members: int("members", values.members, 100_000, 10),
    entries: int("entries", values.entries, 1_000_000, 100),
    days: int("days", values.days, 730, 120),
    runs: int("runs", values.runs, 9, 1),
    seed: int("seed", values.seed, 42, 0),
    fresh: values.fresh ?? false,
    insightsOnly: values["insights-only"] ?? false,
  };
}

interface Timing {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

interface Measured {
  name: string;
  /** The baseline this measurement is compared with. */
  baseline: string;
  timing: Timing;
  ratio: number;
  targetMs: number;
  meetsTarget: boolean;
}

function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: round(percentile(sorted, 50), 1),
    p95Ms: round(percentile(sorted, 95), 1),
    minMs: round(sorted[0] ?? 0, 1),
    maxMs: round(sorted[sorted.length - 1] ?? 0, 1),
  };
}

async function time<T>(runs: number, work: () => Promise<T>): Promise<{ timing: Timing; result: T }> {
  let result = await work(); // warm-up: plans prepared, pages cached, program cache filled
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = await work();
    samples.push(performance.now() - started);
  }
  return { timing: summarize(samples), result };
}

type Reports = typeof import("../app/loyalty/server/reports.server");

interface PhaseResult {
  source: string;
  baselines: Record<string, Timing>;
  reports: Measured[];
  /** Figures that must not depend on the source. */
  fingerprint: string;
  checks: { name: string; ok: boolean; detail: string }[];
}

async function runPhase(reports: Reports, db: PrismaClient, now: Date, runs: number): Promise<PhaseResult> {
  const shop = BENCH_SHOP;
  const last30 = await reports.loadReportContext(db, shop, { range: "last30", start: null, end: null }, now);
  const last365 = await reports.loadReportContext(db, shop, { range: "last365", start: null, end: null }, now);
  const lastMonth = await reports.loadReportContext(db, shop, { range: "lastMonth", start: null, end: null }, now);

  const baselineWork: Record<string, () => Promise<unknown>> = {
    "LedgerEntry count (shop)": () => db.ledgerEntry.count({ where: { shop } }),
    "LedgerEntry count (30 days)": () => db.ledgerEntry.count({ where: { shop, createdAt: { gte: last30.from, lt: last30.to } } }),
    "OrderRecord count (shop)": () => db.orderRecord.count({ where: { shop } }),
    "OrderRecord count (30 days)": () => db.orderRecord.count({ where: { shop, paidAt: { gte: last30.from, lt: last30.to } } }),
    "Member count (shop)": () => db.member.count({ where: { shop } }),
    "Redemption count (shop)": () => db.redemption.count({ where: { shop } }),
  };
  const baselines: Record<string, Timing> = {};
  for (const [name, work] of Object.entries(baselineWork)) {
    baselines[name] = (await time(runs, work)).timing;
    console.log(`  baseline ${name}: ${baselines[name]?.medianMs} ms`);
  }

  const measured: Measured[] = [];
  const results: Record<string, unknown> = {};
  const measure = async (name: string, baseline: string, work: () => Promise<unknown>, targetMs = REPORT_TARGET_MS) => {
    const { timing, result } = await time(runs, work);
    const base = baselines[baseline]?.medianMs ?? 0;
    measured.push({ name, baseline, timing, ratio: round(base > 0 ? timing.medianMs / base : 0, 2), targetMs, meetsTarget: timing.medianMs < targetMs });
    results[name] = result;
    console.log(`  ${name}: ${timing.medianMs} ms (p95 ${timing.p95Ms})`);
  };
  await measure("liability roll-forward + breakage, last 30 days", "LedgerEntry count (shop)", () => reports.getLiabilityReport(db, last30));
  await measure("liability roll-forward + breakage, last 365 days", "LedgerEntry count (shop)", () => reports.getLiabilityReport(db, last365));
  await measure("members vs non-members, last 30 days", "OrderRecord count (30 days)", () => reports.getCustomerComparison(db, last30));
  await measure("members vs non-members, last 365 days", "OrderRecord count (shop)", () => reports.getCustomerComparison(db, last365));
  await measure("members vs non-members, last month", "OrderRecord count (30 days)", () => reports.getCustomerComparison(db, lastMonth));
  await measure("churn risk (page: count + 50)", "OrderRecord count (shop)", () => reports.getChurnReport(db, last30, { limit: reports.CHURN_PAGE_LIMIT }));
  await measure("churn risk as of last month's end (count + 50)", "OrderRecord count (shop)", () => reports.getChurnReport(db, lastMonth, { limit: reports.CHURN_PAGE_LIMIT }));
  await measure("tier distribution", "Member count (shop)", () => reports.getTierDistribution(db, shop));
  await measure("top rewards, last 30 days", "Redemption count (shop)", () => reports.getTopRewards(db, last30));
  await measure("top rewards, last 365 days", "Redemption count (shop)", () => reports.getTopRewards(db, last365));
  await measure("home metrics (30 days)", "LedgerEntry count (30 days)", () => reports.getHomeMetrics(db, shop, now));
  await measure(
    "whole reports page, last 30 days",
    "LedgerEntry count (shop)",
    () => reports.getReportsPage(db, shop, { range: "last30", start: null, end: null }, now),
    PAGE_TARGET_MS,
  );
  await measure(
    "whole reports page, last 365 days",
    "LedgerEntry count (shop)",
    () => reports.getReportsPage(db, shop, { range: "last365", start: null, end: null }, now),
    PAGE_TARGET_MS,
  );
  await measure(
    "churn CSV (every member at risk)",
    "OrderRecord count (shop)",
    () => reports.getReportCsv(db, shop, "churn", { range: "last30", start: null, end: null }, now),
    PAGE_TARGET_MS,
  );

  const checks: PhaseResult["checks"] = [];
  const page = results["whole reports page, last 30 days"] as Awaited<ReturnType<Reports["getReportsPage"]>>;
  const rows = page.liability.rollForward.rows;
  const unbalanced = rows.filter((row, index) => {
    const net = row.movements.earned + row.movements.redeemed + row.movements.clawedBack + row.movements.expired + row.movements.adjustedOut;
    const next = rows[index + 1];
    return row.closing - row.opening !== net || (next !== undefined && next.opening !== row.closing);
  });
  checks.push({ name: "roll-forward rows balance", ok: unbalanced.length === 0, detail: `${rows.length} days, ${unbalanced.length} unbalanced` });
  const cached = await db.member.aggregate({ where: { shop }, _sum: { balance: true } });
  const closing = page.liability.rollForward.totals.closing;
  const cachedSum = Number(cached._sum.balance ?? 0n);
  checks.push({ name: "closing balance = Σ member balances", ok: closing === cachedSum, detail: `${closing} vs ${cachedSum}` });
  const fingerprint = JSON.stringify(
    Object.fromEntries(
      Object.entries(results)
        .filter(([name]) => !name.startsWith("home") && !name.startsWith("whole"))
        .concat([["page30", { ...page, generatedAt: null }], ["page365", results["whole reports page, last 365 days"]]]),
    ),
  );
  return { source: last30.source.name, baselines, reports: measured, fingerprint, checks };
}

type Insights = typeof import("../app/loyalty/server/insights.server");

/** The insights on the built rollups: the page reads a snapshot; the job computes one (docs/decisions/029). */
async function runInsights(insights: Insights, db: PrismaClient, now: Date, runs: number): Promise<PhaseResult> {
  const shop = BENCH_SHOP;
  const measured: Measured[] = [];
  const baselines: Record<string, Timing> = {
    "OrderRollup count (shop)": (await time(runs, () => db.orderRollup.count({ where: { shop } }))).timing,
    "CustomerRollup count (shop)": (await time(runs, () => db.customerRollup.count({ where: { shop } }))).timing,
  };
  const measure = async (name: string, baseline: string, work: () => Promise<unknown>, targetMs: number) => {
    const { timing } = await time(runs, work);
    const base = baselines[baseline]?.medianMs ?? 0;
    measured.push({ name, baseline, timing, ratio: round(base > 0 ? timing.medianMs / base : 0, 2), targetMs, meetsTarget: timing.medianMs < targetMs });
    console.log(`  ${name}: ${timing.medianMs} ms (p95 ${timing.p95Ms})`);
  };
  const query = (months: number) => ({ months, marginBasisPoints: 4000 });
  await measure("insights compute, 12 months (refresh job)", "OrderRollup count (shop)", () => insights.computeInsights(db, shop, { months: 12 }, now), 60_000);
  await measure("insights compute, 24 months (refresh job)", "OrderRollup count (shop)", () => insights.computeInsights(db, shop, { months: 24 }, now), 60_000);
  await insights.refreshInsightsSnapshot(db, shop, 12, now);
  await measure("insights page, 12 months (snapshot)", "CustomerRollup count (shop)", () => insights.getInsightsPage(db, shop, query(12), now), PAGE_TARGET_MS);
  for (const name of ["roi", "repeat", "retention", "engagement", "redemption"] as const) {
    await measure(`insights CSV ${name} (snapshot)`, "CustomerRollup count (shop)", () => insights.getInsightCsv(db, shop, name, query(12), now), PAGE_TARGET_MS);
  }
  const page = await insights.getInsightsPage(db, shop, query(12), now);
  const checks: PhaseResult["checks"] = [
    { name: "insights: fresh snapshot read (no refresh queued)", ok: !page.refreshing, detail: page.computedAt },
    {
      name: "insights: repeat cohorts add up to the totals",
      ok: page.repeat.cohorts.reduce((sum, c) => sum + c.member.customers, 0) === page.repeat.totals.member.customers,
      detail: `${page.repeat.totals.member.customers} members in ${page.repeat.cohorts.length} cohorts`,
    },
  ];
  console.log(`  ROI: +${page.roi.incrementalRevenueMinor} minor units from ${page.roi.members.customers} members, cost ${page.roi.cost.totalMinor}`);
  return { source: "rollups", baselines, reports: measured, fingerprint: "", checks };
}

function printPhase(title: string, phase: PhaseResult): void {
  const pad = (value: unknown, width: number) => String(value).padStart(width);
  console.log(`\n${title}`);
  console.log(["".padEnd(50), pad("median", 8), pad("p95", 8), pad("max", 8), pad("× base", 7), "  baseline (median)"].join(" "));
  for (const report of phase.reports) {
    const base = phase.baselines[report.baseline]?.medianMs ?? 0;
    console.log(
      [
        report.name.padEnd(50),
        pad(report.timing.medianMs, 8),
        pad(report.timing.p95Ms, 8),
        pad(report.timing.maxMs, 8),
        pad(report.ratio, 7),
        `  ${report.baseline} (${base} ms)${report.meetsTarget ? "" : `  > ${report.targetMs} ms`}`,
      ].join(" "),
    );
  }
}

function withRawDatabase(file: string, work: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    work(db);
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const options = parseOptions();
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  const dir = "tmp/bench";
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `reports-${options.members}m-${options.entries}e-${options.days}d-s${options.seed}.sqlite`);
  const marker = `${file}.json`;

  let seed: SeedSummary;
  if (!options.fresh && existsSync(file) && existsSync(marker)) {
    seed = migrateSeededFile(file, JSON.parse(readFileSync(marker, "utf8")) as SeedSummary);
    writeFileSync(marker, JSON.stringify(seed, null, 2));
    console.log(`Reusing ${file} (seeded earlier; --fresh seeds again)`);
  } else {
    rmSync(marker, { force: true });
    console.log(`Seeding ${options.members} members and ${options.entries} ledger entries into ${file}…`);
    seed = seedReportsDatabase({ ...options, file, shop: BENCH_SHOP, now: new Date(), timezone: TIMEZONE });
    writeFileSync(marker, JSON.stringify(seed, null, 2));
    console.log(`Seeded in ${round(seed.seconds, 1)} s: ${JSON.stringify(seed.entriesByType)}`);
  }
  const now = new Date(seed.now);

  // The app's Prisma client on the bench file (DATABASE_URL is read when db.server is first imported).
  const url = `file:./${file}`;
  process.env.DATABASE_URL = url;
  // (Importing it also opens the module's default client on this file; it stays idle.)
  const { createPrismaClient } = await import("../app/db.server");
  const reports = await import("../app/loyalty/server/reports.server");
  const rollups = await import("../app/loyalty/server/rollups.server");
  const source = await import("../app/loyalty/server/rollups-source.server");
  const insights = await import("../app/loyalty/server/insights.server");

  const db = createPrismaClient(url);
  if (options.insightsOnly) {
    try {
      if ((await db.rollupState.count({ where: { shop: BENCH_SHOP } })) === 0) await rollups.rebuildShopRollups(db, BENCH_SHOP, now);
      console.log("\nInsights (rollups built)");
      const phase = await runInsights(insights, db, now, options.runs);
      printPhase("Insights", phase);
      for (const check of phase.checks) console.log(`  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
      const out = { startedAt, machine: machine(loadAtStart), params: { ...options, shop: BENCH_SHOP, now: seed.now }, seed, insights: phase };
      mkdirSync("bench/results", { recursive: true });
      writeFileSync(path.join("bench/results", `reports-insights-${startedAt.replace(/:/g, "-")}.json`), `${JSON.stringify(out, null, 2)}\n`);
      return phase.checks.every((check) => check.ok) ? 0 : 1;
    } finally {
      await db.$disconnect();
    }
  }
  let ledger: PhaseResult;
  let built: PhaseResult;
  let rebuild: { seconds: number; summary: unknown };
  let verify: { seconds: number; drifts: number; checked: unknown };
  let insightsPhase: PhaseResult;
  try {
    // Before: no rollups, the reports read the ledger and orders.
    await rollups.deleteShopRollups(db, BENCH_SHOP);
    console.log("\nPhase: ledger (no rollups)");
    ledger = await runPhase(reports, db, now, options.runs);

    console.log("\nRebuilding the rollups (npm run rollups:rebuild)…");
    let started = performance.now();
    const summary = await rollups.rebuildShopRollups(db, BENCH_SHOP, now);
    rebuild = { seconds: round((performance.now() - started) / 1000, 1), summary };
    console.log(`  rebuilt in ${rebuild.seconds} s: ${JSON.stringify(summary)}`);
    started = performance.now();
    const verified = await source.verifyShopRollups(db, BENCH_SHOP);
    verify = { seconds: round((performance.now() - started) / 1000, 1), drifts: verified.drifts.length, checked: verified.checked };
    console.log(`  verified in ${verify.seconds} s: ${verify.drifts} drifting figure(s)`);

    console.log("\nPhase: rollups");
    built = await runPhase(reports, db, now, options.runs);
    console.log("\nInsights");
    insightsPhase = await runInsights(insights, db, now, options.runs);
  } finally {
    await db.$disconnect();
  }

  const checks = [
    ...ledger.checks.map((check) => ({ ...check, name: `ledger: ${check.name}` })),
    ...built.checks.map((check) => ({ ...check, name: `rollups: ${check.name}` })),
    { name: "phases read what they should", ok: ledger.source === "ledger" && built.source === "rollups", detail: `${ledger.source}, then ${built.source}` },
    { name: "same figures from the ledger and from the rollups", ok: ledger.fingerprint === built.fingerprint, detail: ledger.fingerprint === built.fingerprint ? "identical" : "DIFFERENT" },
    { name: "verify after the rebuild", ok: verify.drifts === 0, detail: `${verify.drifts} drifting figure(s)` },
    ...insightsPhase.checks,
  ];
  const result = {
    startedAt,
    machine: machine(loadAtStart),
    params: {
      ...options,
      shop: BENCH_SHOP,
      timezone: TIMEZONE,
      now: seed.now,
      targetMs: { report: REPORT_TARGET_MS, page: PAGE_TARGET_MS },
      client: "app Prisma client (better-sqlite3 adapter, serialized), in process",
    },
    seed,
    rebuild,
    verify,
    phases: {
      ledger: { baselines: ledger.baselines, reports: ledger.reports },
      rollups: { baselines: built.baselines, reports: built.reports },
      insights: { baselines: insightsPhase.baselines, reports: insightsPhase.reports },
    },
    meets: Object.fromEntries(built.reports.map((report) => [report.name, report.meetsTarget])),
    checks,
    ok: checks.every((check) => check.ok),
  };

  printPhase("Read from the ledger and orders (before the rollups)", ledger);
  printPhase("Read from the daily rollups", built);
  printPhase("Insights (docs/decisions/029-insights-reports.md)", insightsPhase);
  console.log(`\nRebuild ${rebuild.seconds} s, verify ${verify.seconds} s.`);
  console.log(
    `Targets: each report < ${REPORT_TARGET_MS} ms, the page < ${PAGE_TARGET_MS} ms (medians). Load ${result.machine.loadAvg1m.start} -> ${result.machine.loadAvg1m.end} on ${result.machine.cpus} CPU(s).`,
  );
  console.log("Checks:");
  for (const check of checks) console.log(`  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);

  const resultsDir = "bench/results";
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const out = path.join(resultsDir, `reports-${startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(out, json);
  writeFileSync(path.join(resultsDir, "reports-latest.json"), json);
  console.log(`Results: ${out} (and bench/results/reports-latest.json)`);
  return result.ok ? 0 : 1;
}

runMain(main);
