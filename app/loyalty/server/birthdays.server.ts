/**
 * Birthdays and membership anniversaries, written (docs/decisions/032-birthday-bonuses.md, 034-birthdays-and-actions.md).
 *
 * Rules:
 * - `setMemberBirthday` validates the date against the shop's today (birthdays.ts), refuses a change within a year
 *   of the last one (the same date again is no change and always fine), and in one transaction under the member's
 *   lock stores it on MemberProfile, queues the metafield write (`sync-birthday`) and, when the profile is now
 *   complete, pays the profile bonus (actions.server.ts). A refusal writes nothing.
 * - `birthday-daily` (per shop) pays, for each shop day from the one after `lastBonusDay` up to today (at most
 *   MAX_CATCH_UP_DAYS), the birthday bonus to members whose birthday falls on it and the anniversary bonus to members
 *   who joined on it in an earlier year; then records today as paid and runs again at the start of the next shop
 *   day. A member is paid in a transaction of their own, through the ledger writer, with the keys
 *   `birthday:<memberId>:<year>` / `anniversary:<memberId>:<year>`: a run repeated, or a day paid twice, is one
 *   entry. A program that is not live pays nothing (the days pass). With both bonuses off the job stops.
 * - Redacted members are never paid; their profile row is gone (privacy.server.ts).
 */
import type { PrismaClient } from "@prisma/client";
import { writeBirthdayMetafields } from "~/shopify/graphql/birthday";
import {
  anniversariesOn,
  birthdayMetafieldValue,
  birthdaysOn,
  bonusDaysToPay,
  explainAnniversaryEntry,
  explainBirthdayEntry,
  mayChangeBirthday,
  BIRTHDAY_CHANGE_INTERVAL_DAYS,
  membershipYears,
  monthDaysCelebratedOn,
  nextShopDayStart,
  validateBirthday,
  type Birthday,
  type DueBirthday,
} from "../birthdays";
import { LoyaltyError } from "../errors";
import { addDays, localDateOf, reportTimeZone, startOfLocalDay } from "../reports/calendar";
import { awardProfileIfComplete } from "./actions.server";
import { BIRTHDAY_DAILY, dailyBonusesOn, getEngagementSettings, queueDailyBonuses } from "./engagement-settings.server";
import { appendEntries, lockMember, lockMemberById, type Tx } from "./ledger.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { getShopProgram, type ShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";

export const SYNC_BIRTHDAY = "sync-birthday";
export { BIRTHDAY_DAILY };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Members paid per day per run; more are left to the next run (queued at once). */
const MEMBERS_PER_RUN = 500;

export interface BirthdayView {
  birthday: Birthday | null;
  /** When the birthday can be changed next (ISO), or null when it can be changed now. */
  changeableFrom: string | null;
}

function viewOf(profile: { birthMonth: number | null; birthDay: number | null; birthYear: number | null; birthdaySetAt: Date | null } | null, now: Date): BirthdayView {
  if (!profile || profile.birthMonth === null || profile.birthDay === null) return { birthday: null, changeableFrom: null };
  const setAt = profile.birthdaySetAt;
  const changeable = mayChangeBirthday(setAt, now);
  return {
    birthday: { month: profile.birthMonth, day: profile.birthDay, year: profile.birthYear },
    changeableFrom: changeable || !setAt ? null : new Date(setAt.getTime() + BIRTHDAY_CHANGE_INTERVAL_DAYS * DAY_MS).toISOString(),
  };
}

/** The shopper's birthday as stored (null when not given, or not a member). */
export async function getMemberBirthday(db: PrismaClient, shop: string, customerGid: string, now: Date): Promise<BirthdayView> {
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true, redactedAt: true } });
  if (!member || member.redactedAt) return viewOf(null, now);
  return viewOf(await db.memberProfile.findUnique({ where: { memberId: member.id } }), now);
}

export interface BirthdayInput {
  month: number;
  day: number;
  year?: number | null;
}

/** Stores the shopper's birthday (see the rules above); throws INVALID_INPUT with a field error when refused. */
export async function setMemberBirthday(
  db: PrismaClient,
  input: { shop: string; customerGid: string; birthday: BirthdayInput; now: Date },
): Promise<BirthdayView & { changed: boolean; profileBonus: number }> {
  const { shop, customerGid, now } = input;
  const program = await getShopProgram(db, shop);
  const today = localDateOf(now, reportTimeZone(program.timezone));
  const valid = validateBirthday(input.birthday, today);
  if (!valid.ok) throw new LoyaltyError("INVALID_INPUT", valid.message, { fieldErrors: { [valid.field]: valid.message } });
  const birthday = valid.birthday;
  const settings = await getEngagementSettings(db, shop);
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, shop, customerGid);
    if (member.redactedAt) throw new LoyaltyError("MEMBER_NOT_FOUND", "This customer's data was erased");
    const profile = await tx.memberProfile.findUnique({ where: { memberId: member.id } });
    const same = profile?.birthMonth === birthday.month && profile.birthDay === birthday.day && profile.birthYear === birthday.year;
    if (same) return { ...viewOf(profile, now), changed: false, profileBonus: 0 };
    if (profile?.birthMonth != null && !mayChangeBirthday(profile.birthdaySetAt, now)) {
      const view = viewOf(profile, now);
      const when = (view.changeableFrom ?? now.toISOString()).slice(0, 10);
      const message = `A birthday can be changed once a year: next on ${when}`;
      throw new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { birthday: message } });
    }
    const data = { birthMonth: birthday.month, birthDay: birthday.day, birthYear: birthday.year, birthdaySetAt: now };
    const saved = await tx.memberProfile.upsert({ where: { memberId: member.id }, create: { memberId: member.id, shop, ...data }, update: data });
    await enqueueJob(tx, { shop, kind: SYNC_BIRTHDAY, dedupeKey: member.id, payload: { memberId: member.id }, now });
    const bonus = await awardProfileIfComplete(tx, member, saved, { settings, program, now });
    return { ...viewOf(saved, now), changed: true, profileBonus: bonus };
  });
}

/** The `sync-birthday` job: writes the member's birthday to their Shopify metafields (the latest one stored). */
export async function syncBirthdayMetafields(db: PrismaClient, adminFor: (shop: string) => Promise<AdminGraphql>, memberId: string): Promise<void> {
  const member = await db.member.findUnique({ where: { id: memberId }, select: { shop: true, customerGid: true, redactedAt: true } });
  if (!member || member.redactedAt) return;
  const profile = await db.memberProfile.findUnique({ where: { memberId } });
  if (!profile || profile.birthMonth === null || profile.birthDay === null) return;
  const value = birthdayMetafieldValue({ month: profile.birthMonth, day: profile.birthDay, year: profile.birthYear });
  await writeBirthdayMetafields(await adminFor(member.shop), { customerGid: member.customerGid, ...value });
}

async function payMember(
  db: PrismaClient,
  due: DueBirthday,
  entry: { points: number; explanation: string; breakdown: Record<string, unknown> },
  context: { now: Date; program: ShopProgram },
): Promise<boolean> {
  return transactionWithRollups(db, async (tx: Tx) => {
    const member = await lockMemberById(tx, due.memberId);
    if (member.redactedAt) return false;
    const { written } = await appendEntries(
      tx,
      member,
      [{ type: "birthday", points: entry.points, idempotencyKey: due.idempotencyKey, explanation: entry.explanation, breakdown: entry.breakdown }],
      context,
    );
    return written.length > 0;
  });
}

/** Members of the shop with a birthday celebrated on `day`, after `afterId` (id order), a page at a time. */
async function birthdayMembers(db: PrismaClient, shop: string, day: string, afterId: string | null) {
  const rows = await db.memberProfile.findMany({
    where: { shop, OR: monthDaysCelebratedOn(day).map(({ month, day: date }) => ({ birthMonth: month, birthDay: date })), ...(afterId ? { memberId: { gt: afterId } } : {}) },
    orderBy: { memberId: "asc" },
    take: MEMBERS_PER_RUN,
    select: { memberId: true, birthMonth: true, birthDay: true },
  });
  return rows.map((row) => ({ memberId: row.memberId, birthday: { month: row.birthMonth ?? 0, day: row.birthDay ?? 0 } }));
}

/** Members who joined on `day`'s month/day in an earlier year (Feb 29 joiners on a non-leap Feb 28). */
async function anniversaryMembers(db: PrismaClient, shop: string, day: string, timeZone: string, afterId: string | null) {
  const first = await db.member.findFirst({ where: { shop }, orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  if (!first) return [];
  const year = Number(day.slice(0, 4));
  const ranges: { gte: Date; lt: Date }[] = [];
  for (let past = Number(localDateOf(first.createdAt, timeZone).slice(0, 4)); past < year; past += 1) {
    for (const { month, day: date } of monthDaysCelebratedOn(day)) {
      const joined = `${past}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
      // Feb 29 exists only in leap years: startOfLocalDay of a missing date would be Mar 1.
      if (month === 2 && date === 29 && !(past % 4 === 0 && (past % 100 !== 0 || past % 400 === 0))) continue;
      ranges.push({ gte: startOfLocalDay(joined, timeZone), lt: startOfLocalDay(addDays(joined, 1), timeZone) });
    }
  }
  if (ranges.length === 0) return [];
  const rows = await db.member.findMany({
    where: { shop, redactedAt: null, OR: ranges.map((range) => ({ createdAt: range })), ...(afterId ? { id: { gt: afterId } } : {}) },
    orderBy: { id: "asc" },
    take: MEMBERS_PER_RUN,
    select: { id: true, createdAt: true },
  });
  return rows.map((row) => ({ memberId: row.id, joinedOn: localDateOf(row.createdAt, timeZone) }));
}

export interface DailyBonusRun {
  on: boolean;
  days: string[];
  birthdays: number;
  anniversaries: number;
}

/** One run of the daily job for a shop at `now` (see the rules above). */
export async function payDailyBonuses(db: PrismaClient, shop: string, now: Date): Promise<DailyBonusRun> {
  const settings = await getEngagementSettings(db, shop);
  const run: DailyBonusRun = { on: dailyBonusesOn(settings), days: [], birthdays: 0, anniversaries: 0 };
  if (!run.on) return run;
  const program = await getShopProgram(db, shop);
  const timeZone = reportTimeZone(program.timezone);
  const today = localDateOf(now, timeZone);
  run.days = bonusDaysToPay(settings.lastBonusDay, today);
  if (program.settings.status === "live") {
    for (const day of run.days) {
      const year = Number(day.slice(0, 4));
      if (settings.birthdayPoints > 0) {
        let afterId: string | null = null;
        for (;;) {
          const members = await birthdayMembers(db, shop, day, afterId);
          for (const due of birthdaysOn(members, day)) {
            const points = settings.birthdayPoints;
            const paid = await payMember(db, due, { points, explanation: explainBirthdayEntry(year, points), breakdown: { reason: "birthday", year, day, points } }, { now, program });
            if (paid) run.birthdays += 1;
          }
          if (members.length < MEMBERS_PER_RUN) break;
          afterId = members.at(-1)?.memberId ?? null;
        }
      }
      if (settings.anniversaryPoints > 0) {
        let afterId: string | null = null;
        for (;;) {
          const members = await anniversaryMembers(db, shop, day, timeZone, afterId);
          const joined = new Map(members.map((member) => [member.memberId, member.joinedOn]));
          for (const due of anniversariesOn(members, day)) {
            const points = settings.anniversaryPoints;
            const years = membershipYears(joined.get(due.memberId) ?? day, year);
            const paid = await payMember(
              db,
              due,
              { points, explanation: explainAnniversaryEntry(year, years, points), breakdown: { reason: "anniversary", year, years, day, points } },
              { now, program },
            );
            if (paid) run.anniversaries += 1;
          }
          if (members.length < MEMBERS_PER_RUN) break;
          afterId = members.at(-1)?.memberId ?? null;
        }
      }
    }
  }
  await db.engagementSettings.update({ where: { shop }, data: { lastBonusDay: today } });
  return run;
}

/** The outbox handlers of birthdays (registered in jobs.server.ts). */
export function birthdayJobHandlers(db: PrismaClient, adminFor: (shop: string) => Promise<AdminGraphql>): Record<string, JobHandler> {
  return {
    [BIRTHDAY_DAILY]: async (job, { now }) => {
      const run = await payDailyBonuses(db, job.shop, now);
      if (!run.on) return;
      const program = await getShopProgram(db, job.shop);
      await queueDailyBonuses(db as unknown as Tx, job.shop, now, nextShopDayStart(now, reportTimeZone(program.timezone)));
    },
    [SYNC_BIRTHDAY]: async (job) => {
      const { memberId } = JSON.parse(job.payload) as { memberId: string };
      await syncBirthdayMetafields(db, adminFor, memberId);
    },
  };
}
