/**
 * Shopify Flow triggers, fired from the outbox (docs/decisions/030-flow-triggers.md).
 *
 * Rules:
 * - Nothing here runs inside a ledger transaction. After a member's ledger changes, the storefront sync job that the
 *   ledger writer already queues calls `queueMemberFlowEvents`, which queues `flow-member-events` for the member
 *   (one row per member: coalesced) when one of the ledger triggers is on. The award path gains no statement.
 * - `flow-member-events` reads the member's entries after its FlowCursor, derives the events with the pure
 *   `deriveLedgerFlowEvents`, and in ONE transaction inserts them into FlowEvent (unique (shop, eventKey): a key
 *   derived twice is one row) and moves the cursor. Then it sends the member's unsent events.
 * - `flow-daily` (per shop, rescheduled every 24 h while a scheduled trigger is on) derives points-expiring events
 *   from the members' expiry lots, at-risk events from their last earn and birthday-coming events from the members'
 *   birthdays (MemberProfile, shop day in the program's time zone), stores them, and queues `flow-send`.
 * - `recordReferralCompletedFlowEvent` is called by the referral feature in the transaction that approves a referral
 *   (referrals.server.ts): when "referral completed" is on, it stores the event there and queues `flow-send`, so an
 *   approval and its event commit together and the event is stored once (its key is the referral's id).
 * - Sending claims each event (a conditional update on sentAt/lockedUntil, so two jobs never send one event), calls
 *   `flowTriggerReceive`, and marks it sent. A failed call leaves it unsent and the job throws, so the outbox
 *   retries; an event refused MAX_SEND_ATTEMPTS times is left with its error for an operator. A crash between
 *   Shopify's answer and marking it sent would send it again: Flow has no idempotency key (the only gap).
 * - A trigger switched off after its event was stored is not sent: the event is deleted.
 */
import type { PrismaClient } from "@prisma/client";
import { newId } from "~/db/ids";
import { chunked, kyselyOf } from "~/db/kysely.server";
import { sendFlowTrigger } from "~/shopify/graphql/flow";
import { daysUntilBirthday } from "../birthdays";
import { replayLots } from "../expiry";
import { localDateOf, reportTimeZone } from "../reports/calendar";
import { LIFETIME_EARNED_TYPES } from "../figures";
import {
  birthdayMonthsWithin,
  deriveAtRiskEvent,
  deriveBirthdayComingEvent,
  deriveExpiringEvents,
  deriveLedgerFlowEvents,
  deriveReferralCompletedEvent,
  FLOW_PAYLOAD_LIMIT_BYTES,
  FLOW_TRIGGERS,
  fitPayload,
  isFlowTrigger,
  LEDGER_TRIGGERS,
  SCHEDULED_TRIGGERS,
  selectEnabled,
  type FlowEventDraft,
  type FlowLedgerEntry,
} from "../flow-events";
import { isLedgerEntryType } from "../ledger-rules";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { evaluateTier } from "../tiers";
import { FLOW_DAILY, getFlowSettings } from "./flow-settings.server";
import type { Tx } from "./ledger.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { getShopProgram } from "./program.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";

export const FLOW_MEMBER_EVENTS = "flow-member-events";
export const FLOW_SEND = "flow-send";
export { FLOW_DAILY };

/** Entries read per member run; more are left for the next run, queued at once. */
const ENTRIES_PER_RUN = 500;
/** Events sent per job run; the rest by the next run, queued at once. */
const SENDS_PER_RUN = 100;
/** Members looked at per daily run, per trigger. */
const MEMBERS_PER_DAY = 2000;
export const MAX_SEND_ATTEMPTS = 8;
const CLAIM_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

type AdminFor = (shop: string) => Promise<AdminGraphql>;

export interface FlowJobOptions {
  /** Flow's payload limit in bytes (tests make it small). */
  payloadLimit?: number;
}

/** Called by the storefront sync job: queues the member's Flow run when a ledger trigger is on. */
export async function queueMemberFlowEvents(db: PrismaClient, shop: string, memberId: string, now: Date): Promise<void> {
  const { enabledSince } = await getFlowSettings(db, shop);
  if (!LEDGER_TRIGGERS.some((trigger) => enabledSince[trigger] !== undefined)) return;
  await enqueueJob(db as unknown as Tx, { shop, kind: FLOW_MEMBER_EVENTS, dedupeKey: memberId, payload: { memberId }, now });
}

async function pendingPoints(db: Pick<PrismaClient, "ledgerEntry">, memberId: string, now: Date): Promise<number> {
  const unvested = await db.ledgerEntry.aggregate({ where: { memberId, vestsAt: { gt: now } }, _sum: { points: true } });
  return Math.max(0, toSafeNumber(unvested._sum.points ?? 0, "Pending points"));
}

function customerIdOf(customerGid: string): string {
  return customerGid.slice(customerGid.lastIndexOf("/") + 1);
}

/** Stores drafts as FlowEvent rows, trimmed to the limit; a key already stored is left as it is. */
async function storeEvents(tx: Tx, shop: string, memberId: string, drafts: readonly FlowEventDraft[], now: Date, limit: number): Promise<void> {
  const rows = drafts.map((draft) => {
    const fitted = fitPayload(draft.payload, limit);
    return {
      id: newId(),
      shop,
      memberId,
      trigger: draft.trigger,
      eventKey: draft.key,
      payload: JSON.stringify(fitted.ok ? fitted.payload : {}),
      trimmed: fitted.ok ? (fitted.trimmed.length > 0 ? `cut to fit ${limit} bytes: ${fitted.trimmed.join(", ")}` : null) : null,
      // A payload that cannot fit is stored as refused, never sent half-built.
      lastError: fitted.ok ? null : fitted.reason,
      attempts: fitted.ok ? 0 : MAX_SEND_ATTEMPTS,
      createdAt: now,
    };
  });
  const k = kyselyOf(tx);
  for (const chunk of chunked(rows, 11)) {
    await k
      .insertInto("FlowEvent")
      .values(chunk)
      .onConflict((oc) => oc.columns(["shop", "eventKey"]).doNothing())
      .execute();
  }
}

/** The approved referral, as the approving transaction has it. */
export interface ApprovedReferral {
  id: string;
  shop: string;
  referrerMemberId: string;
  orderName: string | null;
  points: number;
  revenueMinor: bigint | number;
  currency: string | null;
}

/**
 * Inside the transaction that approves `referral`: stores its "referral completed" event when that trigger is on (and
 * was on at `now`), and queues the shop's send. Nothing when it is off, or when the referrer was erased.
 */
export async function recordReferralCompletedFlowEvent(tx: Tx, referral: ApprovedReferral, now: Date, options: FlowJobOptions = {}): Promise<void> {
  const { enabledSince } = await getFlowSettings(tx, referral.shop);
  if (!enabledSince.referral_completed) return;
  const referrer = await tx.member.findUnique({ where: { id: referral.referrerMemberId }, select: { customerGid: true, redactedAt: true } });
  if (!referrer || referrer.redactedAt) return;
  const approvedReferrals = await tx.referral.count({ where: { shop: referral.shop, referrerMemberId: referral.referrerMemberId, status: "approved" } });
  const draft = deriveReferralCompletedEvent({
    referralId: referral.id,
    customerId: customerIdOf(referrer.customerGid),
    orderName: referral.orderName,
    points: referral.points,
    revenueMinor: toSafeNumber(referral.revenueMinor, "Referral revenue"),
    currency: referral.currency ?? "USD",
    approvedReferrals,
    at: now,
  });
  const events = selectEnabled([draft], enabledSince);
  if (events.length === 0) return;
  await storeEvents(tx, referral.shop, referral.referrerMemberId, events, now, options.payloadLimit ?? FLOW_PAYLOAD_LIMIT_BYTES);
  await enqueueJob(tx, { shop: referral.shop, kind: FLOW_SEND, dedupeKey: referral.shop, payload: {}, now });
}

/** The discount code a redeem entry's breakdown names (redemptions.server.ts writes `{ rewardId, code, kind }`). */
function redeemCode(breakdown: string | null): string | null {
  if (!breakdown) return null;
  const parsed = JSON.parse(breakdown) as { code?: unknown };
  return typeof parsed.code === "string" ? parsed.code : null;
}

/**
 * Derives and stores the member's ledger events since the cursor; true when entries were left for another run.
 */
export async function recordMemberFlowEvents(db: PrismaClient, memberId: string, now: Date, options: FlowJobOptions = {}): Promise<{ shop: string; more: boolean } | null> {
  const limit = options.payloadLimit ?? FLOW_PAYLOAD_LIMIT_BYTES;
  const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true, customerGid: true, redactedAt: true } });
  if (!found || found.redactedAt) return null;
  const shop = found.shop;
  const { enabledSince } = await getFlowSettings(db, shop);
  const ledgerOn = LEDGER_TRIGGERS.map((trigger) => enabledSince[trigger]).filter((since): since is Date => since !== undefined);
  if (ledgerOn.length === 0) return { shop, more: false };
  const firstOn = new Date(Math.min(...ledgerOn.map((since) => since.getTime())));
  const program = await getShopProgram(db, shop);
  const tiers = program.settings.tierProgram.tiers.map(({ id, name, threshold }) => ({ id, name, threshold }));
  const rewardRows = await db.reward.findMany({ where: { shop, active: true, archivedAt: null }, select: { id: true, name: true, pointsCost: true } });
  const rewards = rewardRows.map((reward) => ({ id: reward.id, name: reward.name, pointsCost: toSafeNumber(reward.pointsCost, "Reward cost") }));

  return db.$transaction(async (tx) => {
    const member = withSafeNumbers(await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { tierId: true, balance: true, createdAt: true } }));
    const cursor = await tx.flowCursor.findUnique({ where: { memberId } });
    const rows = await tx.ledgerEntry.findMany({
      where: {
        memberId,
        ...(cursor
          ? { OR: [{ createdAt: { gt: cursor.entryCreatedAt } }, { createdAt: cursor.entryCreatedAt, id: { gt: cursor.entryId } }] }
          : { createdAt: { gte: firstOn } }),
      },
      // cuid ids grow with time within a process: the tie-break for entries written at the same instant.
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: ENTRIES_PER_RUN,
      select: { id: true, type: true, points: true, createdAt: true, explanation: true, orderName: true, breakdown: true, idempotencyKey: true },
    });
    // A redeem entry's key is `redeem:<redemption id>`; the redemption names its reward as it was when redeemed.
    const redemptionIds = rows.flatMap((row) => (row.type === "redeem" && row.idempotencyKey.startsWith("redeem:") ? [row.idempotencyKey.slice(7)] : []));
    const rewardNames = new Map<string, string>();
    if (redemptionIds.length > 0) {
      const redemptions = await tx.redemption.findMany({ where: { id: { in: redemptionIds } }, select: { id: true, rewardName: true } });
      for (const redemption of redemptions) rewardNames.set(`redeem:${redemption.id}`, redemption.rewardName);
    }
    const entries: FlowLedgerEntry[] = rows.map((row) => {
      if (!isLedgerEntryType(row.type)) throw new Error(`Ledger entry ${row.id} has an unknown type ${row.type}`);
      return {
        id: row.id,
        type: row.type,
        points: toSafeNumber(row.points, "Entry points"),
        createdAt: row.createdAt,
        explanation: row.explanation,
        orderName: row.orderName,
        code: row.type === "redeem" ? redeemCode(row.breakdown) : null,
        rewardName: rewardNames.get(row.idempotencyKey) ?? null,
      };
    });

    const available = member.balance - (await pendingPoints(tx, memberId, now));
    const batchPoints = entries.reduce((sum, entry) => sum + entry.points, 0);
    // First run for this member: a member who joined after the triggers went on started with no points and the
    // tier of metric 0; for an older member the tier before is not known, so no tier event this once.
    const joinedSinceOn = member.createdAt.getTime() >= firstOn.getTime();
    const previous = cursor
      ? { tierId: cursor.tierId, available: toSafeNumber(cursor.available, "Cursor balance"), tierKnown: true }
      : {
          tierId: joinedSinceOn ? (evaluateTier(program.settings.tierProgram, 0).current?.id ?? null) : null,
          available: available - batchPoints,
          tierKnown: joinedSinceOn,
        };
    const drafts = deriveLedgerFlowEvents({
      customerId: customerIdOf(found.customerGid),
      previous,
      current: { tierId: member.tierId, available },
      entries,
      cursorEntry: cursor ? { id: cursor.entryId, createdAt: cursor.entryCreatedAt } : null,
      tiers,
      rewards,
    });
    await storeEvents(tx, shop, memberId, selectEnabled(drafts, enabledSince), now, limit);
    const last = rows.at(-1);
    const position = last ? { entryId: last.id, entryCreatedAt: last.createdAt } : cursor ? { entryId: cursor.entryId, entryCreatedAt: cursor.entryCreatedAt } : null;
    if (position) {
      const data = { shop, ...position, tierId: member.tierId, available };
      await tx.flowCursor.upsert({ where: { memberId }, create: { memberId, ...data }, update: data });
    }
    return { shop, more: rows.length === ENTRIES_PER_RUN };
  });
}

/**
 * Sends the shop's unsent events (of one member, when given), at most SENDS_PER_RUN. Throws the first failure after
 * trying them all, so the outbox retries; returns whether unsent events remain beyond this run.
 */
export async function sendPendingFlowEvents(
  db: PrismaClient,
  adminFor: AdminFor,
  shop: string,
  now: Date,
  memberId?: string,
): Promise<{ sent: number; more: boolean }> {
  const { enabledSince } = await getFlowSettings(db, shop);
  const due = await db.flowEvent.findMany({
    where: {
      shop,
      sentAt: null,
      attempts: { lt: MAX_SEND_ATTEMPTS },
      ...(memberId ? { memberId } : {}),
      OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: SENDS_PER_RUN + 1,
  });
  let failure: unknown = null;
  let sent = 0;
  let admin: AdminGraphql | null = null;
  for (const event of due.slice(0, SENDS_PER_RUN)) {
    if (!isFlowTrigger(event.trigger) || enabledSince[event.trigger] === undefined) {
      await db.flowEvent.deleteMany({ where: { id: event.id, sentAt: null } });
      continue;
    }
    const claimed = await db.flowEvent.updateMany({
      where: { id: event.id, sentAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: new Date(now.getTime() + CLAIM_MS), attempts: { increment: 1 } },
    });
    if (claimed.count !== 1) continue;
    try {
      admin ??= await adminFor(shop);
      await sendFlowTrigger(admin, FLOW_TRIGGERS[event.trigger], JSON.parse(event.payload) as Record<string, unknown>);
      await db.flowEvent.update({ where: { id: event.id }, data: { sentAt: now, lockedUntil: null, lastError: null } });
      sent += 1;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await db.flowEvent.update({ where: { id: event.id }, data: { lockedUntil: null, lastError: message.slice(0, 1000) } });
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { sent, more: due.length > SENDS_PER_RUN };
}

/** The daily run: points-expiring and at-risk events for the shop's members, stored; `flow-send` sends them. */
export async function recordScheduledFlowEvents(db: PrismaClient, shop: string, now: Date, options: FlowJobOptions = {}): Promise<{ stored: number; on: boolean }> {
  const limit = options.payloadLimit ?? FLOW_PAYLOAD_LIMIT_BYTES;
  const settings = await getFlowSettings(db, shop);
  const on = SCHEDULED_TRIGGERS.some((trigger) => settings.enabledSince[trigger] !== undefined);
  if (!on) return { stored: 0, on };
  const drafts: { memberId: string; draft: FlowEventDraft }[] = [];

  if (settings.enabledSince.points_expiring) {
    const until = new Date(now.getTime() + settings.expiringDays * DAY_MS);
    const lots = await db.ledgerEntry.findMany({
      where: { shop, expiresAt: { gt: now, lte: until }, points: { gt: 0 } },
      select: { memberId: true },
      distinct: ["memberId"],
      take: MEMBERS_PER_DAY,
    });
    for (const { memberId } of lots) {
      const member = await db.member.findUnique({ where: { id: memberId }, select: { customerGid: true, balance: true, redactedAt: true } });
      if (!member || member.redactedAt) continue;
      const rows = await db.ledgerEntry.findMany({
        where: { memberId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, type: true, points: true, expiresAt: true, reversesId: true },
      });
      const entries = rows.map((row) => {
        if (!isLedgerEntryType(row.type)) throw new Error(`Ledger entry ${row.id} has an unknown type ${row.type}`);
        return { ...withSafeNumbers(row), type: row.type };
      });
      const replay = replayLots(entries);
      const expiring = [...replay.lots].flatMap(([lotId, lot]) => (lot.expiresAt ? [{ lotId, remaining: lot.remaining, expiresAt: lot.expiresAt }] : []));
      const available = toSafeNumber(member.balance, "Member balance") - (await pendingPoints(db, memberId, now));
      for (const draft of deriveExpiringEvents({ customerId: customerIdOf(member.customerGid), available, lots: expiring, now, days: settings.expiringDays })) {
        drafts.push({ memberId, draft });
      }
    }
  }

  if (settings.enabledSince.member_at_risk) {
    const cutoff = new Date(now.getTime() - settings.atRiskDays * DAY_MS);
    const quiet = await db.member.findMany({
      where: {
        shop,
        balance: { gt: 0 },
        redactedAt: null,
        createdAt: { lte: cutoff },
        entries: { none: { type: { in: [...LIFETIME_EARNED_TYPES] }, createdAt: { gt: cutoff } } },
      },
      select: { id: true, customerGid: true, balance: true, createdAt: true },
      take: MEMBERS_PER_DAY,
    });
    for (const member of quiet) {
      const lastEarn = await db.ledgerEntry.findFirst({
        where: { memberId: member.id, type: { in: [...LIFETIME_EARNED_TYPES] } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, createdAt: true },
      });
      const available = toSafeNumber(member.balance, "Member balance") - (await pendingPoints(db, member.id, now));
      const draft = deriveAtRiskEvent({
        customerId: customerIdOf(member.customerGid),
        memberId: member.id,
        joinedAt: member.createdAt,
        lastEarn,
        available,
        now,
        days: settings.atRiskDays,
      });
      if (draft) drafts.push({ memberId: member.id, draft });
    }
  }

  if (settings.enabledSince.birthday_coming) {
    const program = await getShopProgram(db, shop);
    const today = localDateOf(now, reportTimeZone(program.timezone));
    // The months the window touches (the (shop, birthMonth, birthDay) index), then the exact rule; one read of the
    // members and one of their pending points, however many birthdays.
    const profiles = await db.memberProfile.findMany({
      where: { shop, birthMonth: { in: birthdayMonthsWithin(today, settings.birthdayDays) }, birthDay: { not: null } },
      select: { memberId: true, birthMonth: true, birthDay: true },
      orderBy: { memberId: "asc" },
      take: MEMBERS_PER_DAY * 4,
    });
    const birthdayOf = (profile: (typeof profiles)[number]) => ({ month: profile.birthMonth ?? 0, day: profile.birthDay ?? 0 });
    const coming = profiles.filter((profile) => daysUntilBirthday(birthdayOf(profile), today) <= settings.birthdayDays);
    if (coming.length > 0) {
      const ids = coming.map((profile) => profile.memberId);
      const [members, unvested] = await Promise.all([
        db.member.findMany({ where: { id: { in: ids }, redactedAt: null }, select: { id: true, customerGid: true, balance: true } }),
        db.ledgerEntry.groupBy({ by: ["memberId"], where: { memberId: { in: ids }, vestsAt: { gt: now } }, _sum: { points: true } }),
      ]);
      const pending = new Map(unvested.map((row) => [row.memberId, Math.max(0, toSafeNumber(row._sum.points ?? 0, "Pending points"))]));
      const byId = new Map(members.map((member) => [member.id, member]));
      for (const profile of coming) {
        const member = byId.get(profile.memberId);
        if (!member) continue;
        const available = toSafeNumber(member.balance, "Member balance") - (pending.get(member.id) ?? 0);
        const draft = deriveBirthdayComingEvent({ customerId: customerIdOf(member.customerGid), memberId: member.id, birthday: birthdayOf(profile), today, days: settings.birthdayDays, available, now });
        if (draft) drafts.push({ memberId: member.id, draft });
      }
    }
  }

  const enabled = new Set(selectEnabled(drafts.map((d) => d.draft), settings.enabledSince));
  const kept = drafts.filter((d) => enabled.has(d.draft));
  await db.$transaction(async (tx) => {
    for (const { memberId, draft } of kept) await storeEvents(tx, shop, memberId, [draft], now, limit);
  });
  return { stored: kept.length, on };
}

/** The outbox handlers of the three Flow job kinds (registered in jobs.server.ts). */
export function flowJobHandlers(db: PrismaClient, adminFor: AdminFor, options: FlowJobOptions = {}): Record<string, JobHandler> {
  const requeue = (shop: string, kind: string, dedupeKey: string, payload: unknown, now: Date, runAfter = now) =>
    enqueueJob(db as unknown as Tx, { shop, kind, dedupeKey, payload, now, runAfter });
  return {
    [FLOW_MEMBER_EVENTS]: async (job, { now }) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      const recorded = await recordMemberFlowEvents(db, memberId, now, options);
      if (!recorded) return;
      if (recorded.more) await requeue(recorded.shop, FLOW_MEMBER_EVENTS, memberId, { memberId }, now);
      const { more } = await sendPendingFlowEvents(db, adminFor, recorded.shop, now, memberId);
      if (more) await requeue(recorded.shop, FLOW_MEMBER_EVENTS, memberId, { memberId }, now);
    },
    [FLOW_DAILY]: async (job, { now }) => {
      const { on } = await recordScheduledFlowEvents(db, job.shop, now, options);
      if (!on) return;
      await requeue(job.shop, FLOW_SEND, job.shop, {}, now);
      await requeue(job.shop, FLOW_DAILY, job.shop, {}, now, new Date(now.getTime() + DAY_MS));
    },
    [FLOW_SEND]: async (job, { now }) => {
      const { more } = await sendPendingFlowEvents(db, adminFor, job.shop, now);
      if (more) await requeue(job.shop, FLOW_SEND, job.shop, {}, now);
    },
  };
}
