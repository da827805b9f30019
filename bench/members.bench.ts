/**
 * Members benchmark: how fast the members index answers at 100k members and 1M ledger entries, through the real
 * service (`listMembers`, Prisma over the app's serialized better-sqlite3 adapter), against a baseline measured in
 * the same run on the same database: a plain indexed count of the shop's members through the same client.
 *
 * 1. A fresh SQLite database from the committed migrations, in a temp dir under tmp/bench/.
 * 2. Seeded with raw better-sqlite3 inserts in one transaction: the shop's program and tiers, N members (names,
 *    emails, tiers, balances, join dates over three years, 0.5% redacted), M ledger entries whose sums are the
 *    members' cached figures, and members of a second shop. DateTime columns are written in the format the
 *    driver adapter writes (ISO 8601 with "+00:00"), so Prisma reads and compares them like its own rows.
 * 3. Correctness first (any failure exits 1): Prisma reads the seeded rows; the service's first pages equal the
 *    same ordering computed in SQL; a walk of pages by cursor neither repeats nor skips; the ledger adds up.
 * 4. Each scenario (first page per sort, a page deep in the list, tier filter, searches common and rare) runs
 *    warm-up + measured iterations, sequentially; p50/p95/max per scenario, and the ratio to the baseline.
 * 5. A table on stdout; JSON in bench/results/members-<timestamp>.json and members-latest.json.
 *
 * Missing the target (members page p95 < 150 ms) is reported, never failed; only correctness fails the run.
 *
 *   npx tsx bench/members.bench.ts [--members 100000] [--entries 1000000] [--other-shop-members 10000]
 *                                  [--iterations 30] [--warmup 5] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { positiveInt } from "./support/options";
import { seededRandom } from "./support/random";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../app/db.server";
import { withSafeNumbers } from "../app/loyalty/safe-integer";
import {
  getMemberDetail,
  listMembers,
  memberCursor,
  parseMemberListQuery,
  parseMemberPageQuery,
  MEMBERS_PAGE_SIZE,
  type MembersIndex,
} from "../app/loyalty/server/members-admin.server";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { machine } from "./support/machine";
import { percentile, round } from "./support/stats";
import { runMain } from "./support/results";

const SHOP = "bench-members.myshopify.com";
const OTHER_SHOP = "bench-other.myshopify.com";
const TARGET_P95_MS = 150;
const TIERS = [
  { id: `${SHOP}:bronze`, name: "Bronze", threshold: 0, multiplierMilli: 1000 },
  { id: `${SHOP}:silver`, name: "Silver", threshold: 500, multiplierMilli: 1250 },
  { id: `${SHOP}:gold`, name: "Gold", threshold: 1500, multiplierMilli: 1500 },
] as const;

interface Options {
  members: number;
  entries: number;
  otherShopMembers: number;
  iterations: number;
  warmup: number;
  keep: boolean;
}

function parseOptions(argv = process.argv.slice(2)): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: "string" },
      entries: { type: "string" },
      "other-shop-members": { type: "string" },
      iterations: { type: "string" },
      warmup: { type: "string" },
      keep: { type: "boolean", default: false },
    },
    strict: true,
  });
  return {
    members: positiveInt("members", values.members, 100_000, 100),
    entries: positiveInt("entries", values.entries, 1_000_000, 0),
    otherShopMembers: positiveInt("other-shop-members", values["other-shop-members"], 10_000, 0),
    iterations: positiveInt("iterations", values.iterations, 30),
    warmup: positiveInt("warmup", values.warmup, 5, 0),
    keep: values.keep ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding

/** What the better-sqlite3 driver adapter stores for a DateTime (checked: "2026-01-02T03:04:05.678+00:00"). */
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Mia", "James", "Zoë", "Mateo", "Chloé", "Lucas", "Aria", "Henry", "Léa", "Ethan", "Nora", "Hugo"];
const LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martin", "Lopez", "Müller", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Lee", "Perez", "Nguyen", "Dubois", "Rossi", "Kowalski", "Tanaka", "Silva"];

interface SeedFigures {
  members: number;
  entries: number;
  otherShopMembers: number;
  seconds: number;
  databaseMiB: number;
}

function tierFor(metric: number): string | null {
  let tier: string | null = null;
  for (const candidate of TIERS) if (candidate.threshold <= metric) tier = candidate.id;
  return tier;
}

function seed(file: string, options: Options): SeedFigures {
  const started = performance.now();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date();
  const nowText = sqliteDate(now);
  const next = seededRandom(20261123);
  const insertProgram = db.prepare(
    `INSERT INTO "Program" (shop, status, baseRateMilli, tierBasis, tierWindow, currency, timezone, createdAt, updatedAt)
     VALUES (?, 'live', 1000, 'points', 'lifetime', 'USD', 'UTC', ?, ?)`,
  );
  const insertTier = db.prepare(`INSERT INTO "Tier" (id, shop, name, threshold, multiplierMilli) VALUES (?, ?, ?, ?, ?)`);
  const insertMember = db.prepare(
    `INSERT INTO "Member" (id, shop, customerGid, displayName, email, balance, lifetimeEarned, lifetimeRedeemed, tierId, tierMetric,
       version, redactedAt, createdAt, updatedAt)
     VALUES (@id, @shop, @customerGid, @displayName, @email, @balance, @lifetimeEarned, @lifetimeRedeemed, @tierId, @tierMetric,
       @version, @redactedAt, @createdAt, @updatedAt)`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO "LedgerEntry" (id, shop, memberId, type, points, idempotencyKey, orderGid, explanation, spendMinor, createdAt)
     VALUES (@id, @shop, @memberId, @type, @points, @idempotencyKey, @orderGid, @explanation, @spendMinor, @createdAt)`,
  );

  const threeYearsMs = 3 * 365 * 24 * 3600 * 1000;
  let entriesWritten = 0;
  let orderNumber = 1_000_000;

  const seedShop = (shop: string, memberCount: number, entryCount: number, idPrefix: string) => {
    // A long tail, as real programs have: weights r³ give many members no or few entries and a few dozens.
    const cumulative = [0];
    for (let index = 0; index < memberCount; index += 1) cumulative.push((cumulative[index] ?? 0) + next() ** 3);
    const totalWeight = cumulative[memberCount] ?? 1;
    const entriesBefore = (index: number) => Math.floor(((cumulative[index] ?? 0) * entryCount) / totalWeight);
    insertProgram.run(shop, nowText, nowText);
    for (const tier of TIERS) insertTier.run(shop === SHOP ? tier.id : `${shop}:${tier.name.toLowerCase()}`, shop, tier.name, tier.threshold, tier.multiplierMilli);
    for (let index = 0; index < memberCount; index += 1) {
      // Rounded on the cumulative weights, so the entries add up to exactly `entryCount`.
      const entryTotal = index === memberCount - 1 ? entryCount - entriesBefore(index) : entriesBefore(index + 1) - entriesBefore(index);
      // Join dates over three years, increasing with the index, a few members per millisecond.
      const joinedMs = now.getTime() - threeYearsMs + Math.floor((index * threeYearsMs) / memberCount);
      const memberId = `${idPrefix}${index.toString(36).padStart(8, "0")}`;
      let balance = 0;
      let earned = 0;
      let redeemed = 0;
      let metric = 0;
      const entries: Record<string, unknown>[] = [];
      for (let n = 0; n < entryTotal; n += 1) {
        const at = new Date(joinedMs + Math.floor(((n + 1) * (now.getTime() - joinedMs)) / (entryTotal + 1)));
        const roll = next();
        let type: "earn" | "bonus" | "redeem";
        let points: number;
        // Redeem only what is there: about one entry in eight spends 300 points when the balance allows.
        if (roll < 0.12 && balance >= 300) {
          type = "redeem";
          points = -300;
          redeemed += 300;
        } else if (roll < 0.17) {
          type = "bonus";
          points = 50;
          earned += points;
          metric += points;
        } else {
          type = "earn";
          points = 5 + Math.floor(next() * 250);
          earned += points;
          metric += points;
        }
        balance += points;
        orderNumber += 1;
        entries.push({
          id: `${idPrefix}e${(entriesWritten + n).toString(36).padStart(9, "0")}`,
          shop,
          memberId,
          type,
          points,
          idempotencyKey: `${type}:gid://shopify/Order/${orderNumber}`,
          orderGid: type === "earn" ? `gid://shopify/Order/${orderNumber}` : null,
          explanation: type === "earn" ? `2 × Snowboard (product type Snowboards, 1 pt/$) = ${points} pts` : type === "bonus" ? "Signup bonus: 50 pts for joining" : "Redeemed 300 pts for $5 off your order",
          spendMinor: type === "earn" ? points * 100 : 0,
          createdAt: sqliteDate(at),
        });
      }
      entriesWritten += entryTotal;
      const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? "Alex";
      const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length] ?? "Doe";
      const redacted = index % 200 === 199;
      insertMember.run({
        id: memberId,
        shop,
        customerGid: redacted ? `redacted:${memberId}` : `gid://shopify/Customer/${7_000_000_000_000 + index}`,
        displayName: redacted ? null : `${first} ${last}`,
        // One email in ten with underscores, which are LIKE wildcards the search must take literally.
        email: redacted ? null : (index % 10 === 3 ? `${first}_${last}_${index}@example.com` : `${first}.${last}.${index}@example.com`).toLowerCase(),
        balance,
        lifetimeEarned: earned,
        lifetimeRedeemed: redeemed,
        tierId: entryTotal > 0 ? (shop === SHOP ? tierFor(metric) : null) : null,
        tierMetric: metric,
        version: entryTotal,
        redactedAt: redacted ? nowText : null,
        createdAt: sqliteDate(new Date(joinedMs)),
        updatedAt: nowText,
      });
      // After their member (foreign key).
      for (const entry of entries) insertEntry.run(entry);
    }
  };

  db.transaction(() => {
    seedShop(SHOP, options.members, options.entries, "m");
    if (options.otherShopMembers > 0) seedShop(OTHER_SHOP, options.otherShopMembers, options.otherShopMembers * 2, "o");
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return {
    members: options.members,
    entries: options.entries,
    otherShopMembers: options.otherShopMembers,
    seconds: round((performance.now() - started) / 1000, 1),
    databaseMiB: round(statSync(file).size / 2 ** 20, 1),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function readOnly<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const ids = (index: MembersIndex) => index.members.map((member) => member.id);

async function runChecks(prisma: PrismaClient, file: string, options: Options): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const sqlOrder = (orderBy: string, where = "", params: unknown[] = []) =>
    readOnly(file, (db) =>
      (db.prepare(`SELECT id FROM "Member" WHERE shop = ? ${where} ORDER BY ${orderBy} LIMIT ${MEMBERS_PAGE_SIZE}`).all(SHOP, ...params) as { id: string }[]).map(
        (row) => row.id,
      ),
    );
  const page = (query: Record<string, string>) => listMembers(prisma, SHOP, parseMemberListQuery(new URLSearchParams(query)));

  const first = await page({ sort: "balance" });
  check("Prisma reads seeded members", first.members.length === MEMBERS_PAGE_SIZE && !Number.isNaN(Date.parse(first.members[0]?.joinedAt ?? "")), `${first.members.length} rows, joinedAt ${first.members[0]?.joinedAt}`);
  check("member count", first.totalMembers === options.members, `${first.totalMembers} of ${options.members}`);
  for (const [sort, orderBy] of [
    ["balance", "balance DESC, id DESC"],
    ["lifetime", "lifetimeEarned DESC, id DESC"],
    ["newest", "createdAt DESC, id DESC"],
  ] as const) {
    const service = ids(await page({ sort }));
    const expected = sqlOrder(orderBy);
    check(`first page sorted by ${sort} equals SQL`, JSON.stringify(service) === JSON.stringify(expected), `${service.length} ids`);
  }
  const gold = TIERS[2].id;
  check("Gold filter equals SQL", JSON.stringify(ids(await page({ tier: gold }))) === JSON.stringify(sqlOrder("balance DESC, id DESC", "AND tierId = ?", [gold])), gold);

  // A walk of 5 pages by cursor, forward then back: no repeats, no gaps, same rows.
  const walked: string[] = [];
  let cursor: string | null = null;
  const cursors: string[] = [];
  for (let n = 0; n < 5; n += 1) {
    const result: MembersIndex = await page(cursor ? { sort: "balance", after: cursor } : { sort: "balance" });
    walked.push(...ids(result));
    if (result.pageInfo.startCursor) cursors.push(result.pageInfo.startCursor);
    cursor = result.pageInfo.endCursor;
  }
  const expectedWalk = readOnly(file, (db) =>
    (db.prepare(`SELECT id FROM "Member" WHERE shop = ? ORDER BY balance DESC, id DESC LIMIT ${MEMBERS_PAGE_SIZE * 5}`).all(SHOP) as { id: string }[]).map((row) => row.id),
  );
  check("5 pages by cursor equal SQL's first 250", JSON.stringify(walked) === JSON.stringify(expectedWalk), `${new Set(walked).size} distinct ids`);
  const back = await page({ sort: "balance", before: cursors[cursors.length - 1] ?? "" });
  check("a page back by cursor", JSON.stringify(ids(back)) === JSON.stringify(walked.slice(MEMBERS_PAGE_SIZE * 3, MEMBERS_PAGE_SIZE * 4)), "page 4 from page 5");

  const sums = readOnly(file, (db) => ({
    ledger: (db.prepare(`SELECT COALESCE(SUM(points), 0) AS n FROM "LedgerEntry" WHERE shop = ?`).get(SHOP) as { n: number }).n,
    members: (db.prepare(`SELECT COALESCE(SUM(balance), 0) AS n FROM "Member" WHERE shop = ?`).get(SHOP) as { n: number }).n,
    entries: (db.prepare(`SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE shop = ?`).get(SHOP) as { n: number }).n,
  }));
  check("ledger entries seeded", sums.entries === options.entries, `${sums.entries}`);
  check("sum of balances = sum of ledger", sums.ledger === sums.members, `${sums.members} / ${sums.ledger}`);
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

/** baseline: the reference query. page: a members index page, counted against the target. detail: a member's page. */
type ScenarioKind = "baseline" | "page" | "detail";

interface Scenario {
  name: string;
  kind: ScenarioKind;
  run: () => Promise<unknown>;
}

interface Timing {
  name: string;
  kind: ScenarioKind;
  rows: number | null;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  vsBaselineP50: number | null;
  meetsTarget: boolean | null;
}

async function time(scenario: Scenario, options: Options): Promise<{ latencies: number[]; rows: number | null }> {
  let rows: number | null = null;
  for (let n = 0; n < options.warmup; n += 1) await scenario.run();
  const latencies: number[] = [];
  for (let n = 0; n < options.iterations; n += 1) {
    const started = performance.now();
    const result = await scenario.run();
    latencies.push(performance.now() - started);
    if (result && typeof result === "object" && "members" in result) rows = (result as MembersIndex).members.length;
  }
  return { latencies, rows };
}

/** The cursor of the page after member `offset` in the balance ordering (what a merchant reaches by paging). */
async function deepCursor(prisma: PrismaClient, file: string, offset: number): Promise<string> {
  const row = readOnly(file, (db) => db.prepare(`SELECT id FROM "Member" WHERE shop = ? ORDER BY balance DESC, id DESC LIMIT 1 OFFSET ?`).get(SHOP, offset) as { id: string });
  return memberCursor("balance", withSafeNumbers(await prisma.member.findUniqueOrThrow({ where: { id: row.id } })));
}

async function scenarios(prisma: PrismaClient, file: string, options: Options): Promise<Scenario[]> {
  const list = (query: Record<string, string>) => () => listMembers(prisma, SHOP, parseMemberListQuery(new URLSearchParams(query)));
  const deep = await deepCursor(prisma, file, Math.floor(options.members / 2));
  const newestCursor = (await list({ q: "a", sort: "newest" })()).pageInfo.endCursor ?? "";
  const rare = readOnly(file, (db) => (db.prepare(`SELECT email FROM "Member" WHERE shop = ? AND email IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?`).get(SHOP, Math.floor(options.members * 0.7)) as { email: string }).email);
  const busiest = readOnly(file, (db) => (db.prepare(`SELECT memberId AS id FROM "LedgerEntry" WHERE shop = ? GROUP BY memberId ORDER BY COUNT(*) DESC LIMIT 1`).get(SHOP) as { id: string }).id);
  const underscored = readOnly(file, (db) => (db.prepare(`SELECT email FROM "Member" WHERE shop = ? AND email LIKE '%!_%' ESCAPE '!' ORDER BY id LIMIT 1 OFFSET 5000`).get(SHOP) as { email: string }).email);
  return [
    { name: "baseline: count(Member) for the shop", kind: "baseline", run: () => prisma.member.count({ where: { shop: SHOP } }) },
    { name: "page 1, sort balance", kind: "page", run: list({ sort: "balance" }) },
    { name: "page 1, sort lifetime earned", kind: "page", run: list({ sort: "lifetime" }) },
    { name: "page 1, sort newest", kind: "page", run: list({ sort: "newest" }) },
    { name: "page at 50% (cursor), sort balance", kind: "page", run: list({ sort: "balance", after: deep }) },
    { name: "tier Gold, sort balance", kind: "page", run: list({ tier: TIERS[2].id, sort: "balance" }) },
    { name: "tier Bronze, sort lifetime earned", kind: "page", run: list({ tier: TIERS[0].id, sort: "lifetime" }) },
    { name: "no tier, sort newest", kind: "page", run: list({ tier: "none", sort: "newest" }) },
    { name: "search 'smith' (common), sort balance", kind: "page", run: list({ q: "smith", sort: "balance" }) },
    { name: "search one email (rare), sort balance", kind: "page", run: list({ q: rare, sort: "balance" }) },
    { name: "search 'zz' (no match), sort balance", kind: "page", run: list({ q: "zz", sort: "balance" }) },
    { name: "search 'smith' + tier Silver", kind: "page", run: list({ q: "smith", tier: TIERS[1].id, sort: "balance" }) },
    { name: "search an email with '_' (rare)", kind: "page", run: list({ q: underscored.slice(0, -"@example.com".length), sort: "balance" }) },
    { name: "search '_' (10% match, filtered scan)", kind: "page", run: list({ q: "_", sort: "balance" }) },
    { name: "search 'a' (common), sort newest, page 2", kind: "page", run: list({ q: "a", sort: "newest", after: newestCursor }) },
    {
      name: "member page (busiest member's ledger)",
      kind: "detail",
      run: () => getMemberDetail(prisma, SHOP, busiest, parseMemberPageQuery(new URLSearchParams()), new Date()),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------

const pad = (value: unknown, width: number) => String(value).padStart(width);

function printTable(result: { timings: Timing[]; seed: SeedFigures; checks: Check[]; machine: ReturnType<typeof machine>; options: Options }) {
  const lines = [
    "",
    `Members benchmark: ${result.seed.members} members, ${result.seed.entries} ledger entries (+${result.seed.otherShopMembers} members of another shop), ` +
      `${result.machine.cpus} CPU(s), Node ${result.machine.node}, load ${result.machine.loadAvg1m.start} -> ${result.machine.loadAvg1m.end}`,
    `Seeded in ${result.seed.seconds} s, database ${result.seed.databaseMiB} MiB`,
    "",
    ["".padEnd(44), pad("rows", 5), pad("p50 ms", 8), pad("p95 ms", 8), pad("max ms", 8), pad("x base", 7), pad(`p95<${TARGET_P95_MS}`, 8)].join(" "),
    ...result.timings.map((t) =>
      [
        t.name.padEnd(44),
        pad(t.rows ?? "-", 5),
        pad(t.p50Ms, 8),
        pad(t.p95Ms, 8),
        pad(t.maxMs, 8),
        pad(t.vsBaselineP50 ?? "-", 7),
        pad(t.meetsTarget === null ? "-" : t.meetsTarget ? "yes" : "NO", 8),
      ].join(" "),
    ),
    "",
    "Checks:",
    ...result.checks.map((check) => `  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    "",
  ];
  console.log(lines.join("\n"));
}

async function main(): Promise<number> {
  const options = parseOptions();
  const loadAtStart = loadavg()[0] ?? 0;
  const startedAt = new Date().toISOString();
  mkdirSync("tmp/bench", { recursive: true });
  const runDir = mkdtempSync(path.join("tmp/bench", "members-"));
  const file = path.join(runDir, "members.sqlite");
  let prisma: PrismaClient | null = null;
  let ok = false;
  try {
    createMigratedDatabase(file);
    console.log(`Seeding ${options.members} members and ${options.entries} ledger entries into ${file} ...`);
    const seeded = seed(file, options);
    prisma = createPrismaClient(`file:./${file}`);
    const checks = await runChecks(prisma, file, options);
    const timings: Timing[] = [];
    let baselineP50: number | null = null;
    for (const scenario of await scenarios(prisma, file, options)) {
      const { latencies, rows } = await time(scenario, options);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = round(percentile(sorted, 50));
      const p95 = round(percentile(sorted, 95));
      baselineP50 ??= p50;
      timings.push({
        name: scenario.name,
        kind: scenario.kind,
        rows,
        p50Ms: p50,
        p95Ms: p95,
        maxMs: round(sorted[sorted.length - 1] ?? 0),
        meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
        vsBaselineP50: timings.length === 0 ? null : round(baselineP50 > 0 ? p50 / baselineP50 : Infinity, 1),
        meetsTarget: scenario.kind === "page" ? p95 < TARGET_P95_MS : null,
      });
    }
    ok = checks.every((check) => check.ok);
    const pages = timings.filter((t) => t.kind === "page");
    const result = {
      startedAt,
      machine: machine(loadAtStart),
      params: { ...options, shop: SHOP, pageSize: MEMBERS_PAGE_SIZE },
      seed: seeded,
      target: { membersPageP95Ms: TARGET_P95_MS },
      timings,
      worstMembersPage: pages.reduce<Timing | null>((worst, t) => (worst === null || t.p95Ms > worst.p95Ms ? t : worst), null),
      meets: pages.every((t) => t.meetsTarget === true),
      checks,
      ok,
    };
    printTable({ timings, seed: seeded, checks, machine: result.machine, options });
    console.log(`Target (members page p95 < ${TARGET_P95_MS} ms): ${result.meets ? "met" : "NOT met"}; worst: ${result.worstMembersPage?.name} p95 ${result.worstMembersPage?.p95Ms} ms`);
    mkdirSync("bench/results", { recursive: true });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    const out = path.join("bench/results", `members-${startedAt.replace(/:/g, "-")}.json`);
    writeFileSync(out, json);
    writeFileSync(path.join("bench/results", "members-latest.json"), json);
    console.log(`Results: ${out}`);
    return ok ? 0 : 1;
  } finally {
    await prisma?.$disconnect();
    if (ok && !options.keep) rmSync(runDir, { recursive: true, force: true });
    else console.log(`Kept ${runDir}`);
  }
}

runMain(main);
