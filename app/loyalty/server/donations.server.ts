/**
 * Donating points: the merchant's causes, a shopper's donation and the Donations report (rules in ../donations.ts).
 *
 * Rules:
 * - A donation is one transaction under the member's lock: replay a known client key, check the cause and the
 *   available balance, write the Donation (with the money it is worth, fixed now) and its `donate` ledger entry
 *   (key `donate:<donation id>`). A double click or a retried request carries the same client key and answers the
 *   first donation; the unique (shop, member, client key) index stops anything that slips past.
 * - Nothing is written for a refused donation: every check runs before the first write.
 * - No reaction rides in the donation's transaction besides what the ledger writer queues (metafield sync).
 * - Causes are created once per admin form key, edited while active, archived (never deleted: donations name them).
 */
import type { DonationCause, PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";
import {
  causeSchema,
  describeDonation,
  evaluateCause,
  evaluateDonation,
  summarizeDonations,
  type DonationFact,
  type DonationsReport,
} from "../donations";
import { addDays, isCalendarDate, localDateOf, reportTimeZone, startOfLocalDay, startOfYear } from "../reports/calendar";
import { toSafeNumber, withSafeNumbers, type WithSafeNumbers } from "../safe-integer";
import { appendEntries, lockMember } from "./ledger.server";
import { getShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

export type CauseRecord = WithSafeNumbers<DonationCause>;

function shopCurrency(program: { currency: string | null }): string {
  return program.currency ?? "USD";
}

// ---- The merchant's causes --------------------------------------------------------------------------------------

function invalidCause(issues: { path: string; message: string }[]): LoyaltyError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) fieldErrors[`cause.${issue.path}`] ??= issue.message;
  return new LoyaltyError("INVALID_INPUT", Object.values(fieldErrors)[0] ?? "Check the cause", { fieldErrors });
}

/** Every cause of the shop (archived last) with what it has received, in one grouped read. */
export async function listCauses(db: PrismaClient, shop: string) {
  const [causes, totals, program] = await Promise.all([
    db.donationCause.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),
    db.donation.groupBy({ by: ["causeId"], where: { shop }, _sum: { points: true, amountMinor: true }, _count: { _all: true } }),
    getShopProgram(db, shop),
  ]);
  const byCause = new Map(totals.map((row) => [row.causeId, row]));
  return {
    currency: shopCurrency(program),
    causes: causes.map(withSafeNumbers).map((cause) => {
      const total = byCause.get(cause.id);
      return {
        ...cause,
        archivedAt: cause.archivedAt?.toISOString() ?? null,
        createdAt: cause.createdAt.toISOString(),
        updatedAt: cause.updatedAt.toISOString(),
        donations: total?._count._all ?? 0,
        donatedPoints: toSafeNumber(total?._sum.points ?? 0, "Donated points"),
        donatedMinor: toSafeNumber(total?._sum.amountMinor ?? 0, "Donated money"),
      };
    }),
  };
}

export interface SaveCauseOptions {
  /** The one-time key of the form that sent it: a new cause is created once per key. */
  clientKey: string | null;
}

/** Creates (causeId null) or edits an active cause; bad input is a field error and writes nothing. */
export async function saveCause(db: PrismaClient, shop: string, causeId: string | null, input: unknown, options: SaveCauseOptions = { clientKey: null }) {
  const parsed = causeSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidCause(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "name", message: issue.message })));
  }
  const program = await getShopProgram(db, shop);
  const issues = evaluateCause(parsed.data, shopCurrency(program));
  if (issues.length > 0) throw invalidCause(issues);
  if (causeId) {
    const updated = await db.donationCause.updateMany({ where: { id: causeId, shop, archivedAt: null }, data: parsed.data });
    if (updated.count === 0) throw new LoyaltyError("CAUSE_NOT_FOUND", "This cause does not exist or is archived");
    return { status: "saved" as const, cause: withSafeNumbers(await db.donationCause.findUniqueOrThrow({ where: { id: causeId } })) };
  }
  const existing = options.clientKey ? await db.donationCause.findUnique({ where: { shop_clientKey: { shop, clientKey: options.clientKey } } }) : null;
  if (existing) return { status: "duplicate" as const, cause: withSafeNumbers(existing) };
  const position = await db.donationCause.count({ where: { shop } });
  try {
    return { status: "saved" as const, cause: withSafeNumbers(await db.donationCause.create({ data: { ...parsed.data, shop, position, clientKey: options.clientKey } })) };
  } catch (error) {
    // Two submits of one form raced past the read above: the unique (shop, clientKey) index kept one.
    if (!options.clientKey || (error as { code?: string }).code !== "P2002") throw error;
    const winner = await db.donationCause.findUniqueOrThrow({ where: { shop_clientKey: { shop, clientKey: options.clientKey } } });
    return { status: "duplicate" as const, cause: withSafeNumbers(winner) };
  }
}

/** Archives a cause: shoppers can no longer donate to it; its donations stay in the report and the payout. */
export async function archiveCause(db: PrismaClient, shop: string, causeId: string, now: Date): Promise<void> {
  const updated = await db.donationCause.updateMany({ where: { id: causeId, shop, archivedAt: null }, data: { archivedAt: now } });
  if (updated.count === 0) throw new LoyaltyError("CAUSE_NOT_FOUND", "This cause does not exist or is already archived");
}

/** The causes a shopper can donate to, in the merchant's order. */
export async function getActiveCauses(db: PrismaClient, shop: string): Promise<CauseRecord[]> {
  const causes = await db.donationCause.findMany({ where: { shop, archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return causes.map(withSafeNumbers);
}

// ---- A shopper's donation ---------------------------------------------------------------------------------------

export interface DonateInput {
  shop: string;
  customerGid: string;
  causeId: string;
  points: number;
  clientKey: string;
  now: Date;
}

export interface DonationRecord {
  id: string;
  causeId: string;
  causeName: string;
  points: number;
  amountMinor: number;
  currency: string;
  createdAt: Date;
}

export async function donatePoints(db: PrismaClient, input: DonateInput): Promise<{ donation: DonationRecord; replayed: boolean }> {
  if (!input.clientKey.trim() || input.clientKey.length > 100) {
    throw new LoyaltyError("INVALID_INPUT", "A donation needs an idempotency key of at most 100 characters");
  }
  const program = await getShopProgram(db, input.shop);
  const currency = shopCurrency(program);
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, input.shop, input.customerGid);
    const known = await tx.donation.findUnique({
      where: { shop_memberId_clientKey: { shop: input.shop, memberId: member.id, clientKey: input.clientKey } },
    });
    if (known) return { donation: withSafeNumbers(known), replayed: true };

    const found = await tx.donationCause.findFirst({ where: { id: input.causeId, shop: input.shop } });
    const cause = found && withSafeNumbers(found);
    const unvested = await tx.ledgerEntry.aggregate({ where: { memberId: member.id, vestsAt: { gt: input.now } }, _sum: { points: true } });
    const amountMinor = evaluateDonation({
      programStatus: program.settings.status,
      cause: cause && { ...cause, archived: cause.archivedAt !== null },
      points: input.points,
      balance: member.balance,
      pending: Math.max(0, toSafeNumber(unvested._sum.points ?? 0, "Pending points")),
      currency,
    });
    if (!cause) throw new LoyaltyError("CAUSE_NOT_FOUND", "This cause is no longer accepting donations");

    const created = await tx.donation.create({
      data: {
        shop: input.shop,
        memberId: member.id,
        causeId: cause.id,
        causeName: cause.name,
        clientKey: input.clientKey,
        points: input.points,
        amountMinor,
        currency,
        createdAt: input.now,
      },
    });
    await appendEntries(
      tx,
      member,
      [
        {
          type: "donate",
          points: input.points,
          idempotencyKey: `donate:${created.id}`,
          explanation: describeDonation(input.points, cause.name, amountMinor, currency),
          breakdown: { causeName: cause.name, causeId: cause.id, donationId: created.id, amountMinor, currency, pointsPerUnit: cause.pointsPerUnit },
        },
      ],
      { now: input.now, program },
    );
    return { donation: withSafeNumbers(created), replayed: false };
  });
}

// ---- The Donations report ---------------------------------------------------------------------------------------

export interface DonationsReportRange {
  /** Shop-local calendar dates, inclusive. */
  start: string;
  end: string;
}

/** Donations per cause per shop-local month and the payout per cause, for the shop-local days of the range. */
export async function getDonationsReport(db: PrismaClient, shop: string, range: DonationsReportRange): Promise<DonationsReport & { currency: string }> {
  const program = await getShopProgram(db, shop);
  const zone = reportTimeZone(program.timezone);
  const rows = await db.donation.findMany({
    where: { shop, createdAt: { gte: startOfLocalDay(range.start, zone), lt: startOfLocalDay(addDays(range.end, 1), zone) } },
    select: { causeId: true, causeName: true, points: true, amountMinor: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const facts: DonationFact[] = rows.map((row) => ({
    causeId: row.causeId,
    causeName: row.causeName,
    month: localDateOf(row.createdAt, zone).slice(0, 7),
    points: toSafeNumber(row.points, "Donated points"),
    amountMinor: toSafeNumber(row.amountMinor, "Donated money"),
  }));
  return { ...summarizeDonations(facts), currency: shopCurrency(program) };
}

/** The Donations report's range: `?start=YYYY-MM-DD&end=YYYY-MM-DD`, by default this shop-local year to today. */
export async function donationsRangeOf(db: PrismaClient, shop: string, params: URLSearchParams, now: Date): Promise<DonationsReportRange> {
  const program = await getShopProgram(db, shop);
  const today = localDateOf(now, reportTimeZone(program.timezone));
  const start = params.get("start") || startOfYear(today);
  const end = params.get("end") || today;
  const fieldErrors: Record<string, string> = {};
  if (!isCalendarDate(start)) fieldErrors.start = "Enter the first day as YYYY-MM-DD";
  if (!isCalendarDate(end)) fieldErrors.end = "Enter the last day as YYYY-MM-DD";
  if (Object.keys(fieldErrors).length === 0 && start > end) fieldErrors.end = "The last day must not be before the first";
  if (Object.keys(fieldErrors).length > 0) throw new LoyaltyError("INVALID_INPUT", Object.values(fieldErrors).join("; "), { fieldErrors });
  return { start, end };
}
