/**
 * The ledger writer: the only code that inserts LedgerEntry rows.
 *
 * Rules:
 * - Callers run inside one transaction per event and call `lockMember` first: it creates the member if needed and
 *   bumps `version`, which takes the member's row lock on PostgreSQL and the write lock on SQLite. Everything that
 *   follows (duplicate check, balance, clamp decisions) reads state nobody else can change until commit.
 * - Duplicates are stopped twice: an entry whose idempotency key exists is skipped here (under the lock), and the
 *   unique index (shop, idempotencyKey) rejects anything that slips past (the caller maps P2002 to a duplicate).
 * - The member's balance and lifetime figures are a cache of the ledger, moved by exactly the entries written,
 *   in the same transaction. The tier is re-evaluated after every write, and the storefront sync is queued in the
 *   same transaction (transactional outbox), so a committed change is always eventually synced; so is the expiry
 *   of every entry that carries an expiry date.
 * - The report rollups of the entries written are moved in the same transaction (rollups.server.ts).
 * - `appendBalanceEntries` is the set-based path for entry types that move only the balance (BALANCE_ONLY_TYPES:
 *   `import`), many members at once: the same rules (lock, check keys under the lock, insert, move the cache by
 *   exactly what was written, rollups and storefront sync in the same transaction) in a fixed number of
 *   statements per chunk, below the ORM (docs/decisions/014 and 021).
 * - Points and spend are BigInt columns: the member and entries this module returns hold them as safe numbers
 *   (`withSafeNumbers`, docs/decisions/011-64-bit-money-and-points.md), and it writes numbers.
 */
import type { LedgerEntry, Member, Prisma } from "@prisma/client";
import { sql } from "kysely";
import { sqlDialect } from "~/db/dialect.server";
import { newId } from "~/db/ids";
import { chunked, kyselyOf } from "~/db/kysely.server";
import { LIFETIME_EARNED_TYPES, REDEEMED_TYPES, tierPointTypes } from "../figures";
import { signedPoints, type LedgerEntryType } from "../ledger-rules";
import { toSafeNumber, withSafeNumbers, type WithSafeNumbers } from "../safe-integer";
import { evaluateTier, tierWindowStart } from "../tiers";
import type { ShopProgram } from "./program.server";
import { enqueueJob, enqueueJobs, enqueueMetafieldSync, EXPIRE_POINTS, METAFIELD_SYNC } from "./outbox.server";
import { recordLedgerRollups, refreshCustomerRollups } from "./rollups.server";

export type Tx = Prisma.TransactionClient;

/** A member row with its balance, lifetime figures and tier metric as safe numbers. */
export type MemberRow = WithSafeNumbers<Member>;
/** A ledger entry with its points and spend as safe numbers. */
export type LedgerEntryRow = WithSafeNumbers<LedgerEntry>;

// The figures' definitions (figures.ts): lifetime earned, redeemed and the tier metric's entry types.
const LIFETIME_EARNED = new Set<LedgerEntryType>(LIFETIME_EARNED_TYPES);
const LIFETIME_REDEEMED = new Set<LedgerEntryType>(REDEEMED_TYPES);

export interface MemberProfile {
  displayName?: string | null;
  email?: string | null;
}

export async function lockMember(tx: Tx, shop: string, customerGid: string, profile: MemberProfile = {}): Promise<MemberRow> {
  const known = Object.fromEntries(Object.entries(profile).filter(([, value]) => value != null));
  const member = await tx.member.upsert({
    where: { shop_customerGid: { shop, customerGid } },
    create: { shop, customerGid, ...known, version: 1 },
    // A redacted member stays redacted: never write personal data back.
    update: { version: { increment: 1 } },
  });
  // Version 1: created just now. A customer who bought before joining moves into the members' report figures.
  if (member.version === 1) refreshCustomerRollups(tx, [{ shop, customerGid }]);
  return withSafeNumbers(member);
}

/** Locks a member known by id (e.g. the owner of an earn entry, even after the customer was redacted). */
export async function lockMemberById(tx: Tx, memberId: string): Promise<MemberRow> {
  return withSafeNumbers(await tx.member.update({ where: { id: memberId }, data: { version: { increment: 1 } } }));
}

export interface EntryDraft {
  type: LedgerEntryType;
  /** Positive magnitude; the sign comes from the type. */
  points: number;
  idempotencyKey: string;
  explanation: string;
  breakdown?: unknown;
  orderGid?: string | null;
  /** The order's name as the merchant knows it ("#1003"), when the payload gave one. */
  orderName?: string | null;
  reversesId?: string | null;
  spendMinor?: number;
  vestsAt?: Date | null;
  expiresAt?: Date | null;
  actor?: string | null;
  note?: string | null;
}

export interface AppendResult {
  member: MemberRow;
  written: LedgerEntryRow[];
  duplicateKeys: string[];
}

export async function appendEntries(
  tx: Tx,
  member: MemberRow,
  drafts: readonly EntryDraft[],
  context: { now: Date; program: ShopProgram },
): Promise<AppendResult> {
  const keys = drafts.map((draft) => draft.idempotencyKey);
  const existing = await tx.ledgerEntry.findMany({
    where: { shop: member.shop, idempotencyKey: { in: keys } },
    select: { idempotencyKey: true },
  });
  const seen = new Set(existing.map((entry) => entry.idempotencyKey));
  const written: LedgerEntryRow[] = [];
  const duplicateKeys: string[] = [];
  let balanceDelta = 0;
  let earnedDelta = 0;
  let redeemedDelta = 0;

  for (const draft of drafts) {
    if (seen.has(draft.idempotencyKey)) {
      duplicateKeys.push(draft.idempotencyKey);
      continue;
    }
    seen.add(draft.idempotencyKey);
    const points = signedPoints(draft.type, draft.points);
    // Every column is given here, so the row written is this one plus its generated id: read back only the id
    // (the breakdown can be kilobytes).
    const row = {
      shop: member.shop,
      memberId: member.id,
      type: draft.type,
      points,
      idempotencyKey: draft.idempotencyKey,
      explanation: draft.explanation,
      breakdown: draft.breakdown === undefined ? null : JSON.stringify(draft.breakdown),
      orderGid: draft.orderGid ?? null,
      orderName: draft.orderName ?? null,
      reversesId: draft.reversesId ?? null,
      spendMinor: draft.spendMinor ?? 0,
      vestsAt: draft.vestsAt ?? null,
      expiresAt: draft.expiresAt ?? null,
      actor: draft.actor ?? null,
      note: draft.note ?? null,
      createdAt: context.now,
    } satisfies Omit<LedgerEntryRow, "id">;
    const { id } = await tx.ledgerEntry.create({ data: row, select: { id: true } });
    written.push({ id, ...row });
    balanceDelta += points;
    if (LIFETIME_EARNED.has(draft.type)) earnedDelta += points;
    // redeem is negative and its rollback positive: redeemed grows by −points.
    if (LIFETIME_REDEEMED.has(draft.type)) redeemedDelta -= points;
  }

  if (written.length === 0) return { member, written, duplicateKeys };
  recordLedgerRollups(tx, written, [context.program]);

  const tier = await evaluateMemberTier(tx, member.id, context);
  const saved = await tx.member.update({
    where: { id: member.id },
    data: {
      balance: { increment: balanceDelta },
      lifetimeEarned: { increment: earnedDelta },
      lifetimeRedeemed: { increment: redeemedDelta },
      tierId: tier.tierId,
      tierMetric: tier.metric,
    },
  });
  const updated = withSafeNumbers(saved);
  await enqueueMetafieldSync(tx, { shop: member.shop, memberId: member.id, now: context.now });
  for (const entry of written) {
    if (entry.vestsAt && entry.vestsAt > context.now && entry.points > 0) {
      await enqueueMetafieldSync(tx, { shop: member.shop, memberId: member.id, now: context.now, at: entry.vestsAt, key: `vest:${entry.id}` });
    }
    // One expiry job per lot that can expire, due at its date (points expiry, expiry.server.ts).
    if (entry.expiresAt && entry.points > 0) {
      await enqueueJob(tx, {
        shop: member.shop,
        kind: EXPIRE_POINTS,
        dedupeKey: `expire:${entry.id}`,
        payload: { memberId: member.id },
        now: context.now,
        runAfter: entry.expiresAt,
      });
    }
  }
  return { member: updated, written, duplicateKeys };
}

/** The member's tier from the entries in the program's window (entries just written included). */
async function evaluateMemberTier(
  tx: Tx,
  memberId: string,
  { now, program }: { now: Date; program: ShopProgram },
): Promise<{ tierId: string | null; metric: number }> {
  const tierProgram = program.settings.tierProgram;
  if (tierProgram.tiers.length === 0) return { tierId: null, metric: 0 };
  const since = tierWindowStart(tierProgram.window, now, program.timezone);
  const totals = await tx.ledgerEntry.aggregate({
    where: {
      memberId,
      ...(tierProgram.basis === "points" ? { type: { in: tierPointTypes(program.settings.tierCountsManualCredits) } } : {}),
      ...(since ? { createdAt: { gte: since } } : {}),
    },
    _sum: { points: true, spendMinor: true },
  });
  const metric = toSafeNumber((tierProgram.basis === "points" ? totals._sum.points : totals._sum.spendMinor) ?? 0, "Tier metric");
  return { tierId: evaluateTier(tierProgram, metric).current?.id ?? null, metric };
}

/**
 * Entry types that move only the cached balance: not lifetime earned or redeemed, not the tier metric (neither
 * basis counts them), with no vesting and no expiry lot. Their writes need no tier evaluation and no per-entry jobs.
 */
export const BALANCE_ONLY_TYPES: ReadonlySet<LedgerEntryType> = new Set<LedgerEntryType>(["import"]);

export interface BalanceEntryDraft {
  memberId: string;
  customerGid: string;
  type: LedgerEntryType;
  /** Positive magnitude; the sign comes from the type. */
  points: number;
  idempotencyKey: string;
  explanation: string;
  breakdown?: unknown;
  actor?: string | null;
}

export interface BalanceEntryRow {
  id: string;
  shop: string;
  memberId: string;
  type: LedgerEntryType;
  points: number;
  idempotencyKey: string;
  reversesId: null;
  orderGid: null;
  explanation: string;
  breakdown: string | null;
  spendMinor: number;
  vestsAt: null;
  expiresAt: null;
  actor: string | null;
  note: null;
  createdAt: Date;
}

/**
 * Writes balance-only entries for many members of one shop in one transaction (opened by
 * `transactionWithRollups`): locks the members (PostgreSQL: FOR UPDATE in (shop, customerGid) order, as the
 * paid-order batch locks them; SQLite has one writer), skips drafts whose key exists, inserts the rest, adds
 * each member's sum to its cached balance (version + 1: the member's lock, as `lockMember`), records the rollups
 * and queues each member's storefront sync. A fixed number of statements per ~600 drafts.
 */
export async function appendBalanceEntries(
  tx: Tx,
  drafts: readonly BalanceEntryDraft[],
  context: { now: Date; program: ShopProgram },
): Promise<{ written: BalanceEntryRow[]; duplicateKeys: string[] }> {
  const { now, program } = context;
  const shop = program.shop;
  for (const draft of drafts) {
    if (!BALANCE_ONLY_TYPES.has(draft.type)) throw new Error(`appendBalanceEntries cannot write ${draft.type} entries`);
  }
  if (drafts.length === 0) return { written: [], duplicateKeys: [] };
  const k = kyselyOf(tx);
  const members = [...new Map(drafts.map((d) => [d.memberId, d.customerGid])).entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (sqlDialect(tx).provider === "postgresql") {
    for (const chunk of chunked(members, 2)) {
      await sql`select "id" from "Member" where "shop" = ${shop} and "id" in (${sql.join(chunk.map(([id]) => id))}) order by "customerGid" for update`.execute(k);
    }
  }
  const seen = new Set<string>();
  for (const chunk of chunked(drafts, 2)) {
    const rows = await k
      .selectFrom("LedgerEntry")
      .select("idempotencyKey")
      .where("shop", "=", shop)
      .where("idempotencyKey", "in", chunk.map((d) => d.idempotencyKey))
      .execute();
    for (const row of rows) seen.add(row.idempotencyKey);
  }
  const written: BalanceEntryRow[] = [];
  const duplicateKeys: string[] = [];
  const deltas = new Map<string, { customerGid: string; points: number }>();
  for (const draft of drafts) {
    if (seen.has(draft.idempotencyKey)) {
      duplicateKeys.push(draft.idempotencyKey);
      continue;
    }
    seen.add(draft.idempotencyKey);
    const points = signedPoints(draft.type, draft.points);
    written.push({
      id: newId(),
      shop,
      memberId: draft.memberId,
      type: draft.type,
      points,
      idempotencyKey: draft.idempotencyKey,
      reversesId: null,
      orderGid: null,
      explanation: draft.explanation,
      breakdown: draft.breakdown === undefined ? null : JSON.stringify(draft.breakdown),
      spendMinor: 0,
      vestsAt: null,
      expiresAt: null,
      actor: draft.actor ?? null,
      note: null,
      createdAt: now,
    });
    const delta = deltas.get(draft.memberId) ?? { customerGid: draft.customerGid, points: 0 };
    delta.points = toSafeNumber(delta.points + points, "Imported balance");
    deltas.set(draft.memberId, delta);
  }
  if (written.length === 0) return { written, duplicateKeys };
  // Only the columns that vary or have no default: the nullable ones (reversesId, orderGid, vestsAt, expiresAt,
  // note) and spendMinor take their defaults (null, 0), as written above. Fewer parameters per row, more rows a statement.
  for (const chunk of chunked(written, 10)) {
    await k
      .insertInto("LedgerEntry")
      .values(
        chunk.map((e) => ({
          id: e.id,
          shop: e.shop,
          memberId: e.memberId,
          type: e.type,
          points: e.points,
          idempotencyKey: e.idempotencyKey,
          explanation: e.explanation,
          breakdown: e.breakdown,
          actor: e.actor,
          createdAt: e.createdAt,
        })),
      )
      .execute();
  }
  const moved = [...deltas.entries()].sort(([, a], [, b]) => (a.customerGid < b.customerGid ? -1 : a.customerGid > b.customerGid ? 1 : 0));
  for (const chunk of chunked(moved, 6)) {
    await k
      .insertInto("Member")
      .values(chunk.map(([id, { customerGid, points }]) => ({ id, shop, customerGid, balance: points, version: 1, updatedAt: now })))
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          balance: sql`${eb.ref("Member.balance")} + ${eb.ref("excluded.balance")}`,
          version: sql`${eb.ref("Member.version")} + 1`,
          updatedAt: eb.ref("excluded.updatedAt"),
        })),
      )
      .execute();
  }
  recordLedgerRollups(tx, written, [program]);
  await enqueueJobs(
    tx,
    moved.map(([memberId]) => ({ shop, kind: METAFIELD_SYNC, dedupeKey: memberId, payload: { memberId }, runAfter: now })),
    now,
  );
  return { written, duplicateKeys };
}
