/**
 * Action bonuses, written: newsletter signup (customers/update), profile completed, social follow
 * (docs/decisions/034-birthdays-and-actions.md; the rules are app/loyalty/actions.ts).
 *
 * Rules:
 * - Every decision is taken under the member's lock (`lockMember`), in the transaction that writes the entry
 *   through the ledger writer, so caps and "already earned" cannot be raced past; the keys make a repeat one entry.
 * - customers/update keeps the member's name and email current and records the marketing consent state; a delivery
 *   older than the newest applied (`updated_at`) changes nothing. The same delivery twice: the second sees the
 *   state already `subscribed` and pays nothing.
 * - Only a live program pays; a refused action answers its reason (the webhook's message, the storefront's error).
 * - Social follow: the click-through is answered at once and queues `credit-social-follow` for SOCIAL_CREDIT_DELAY_MS
 *   later (the honour system's wait); that job re-checks the settings and the cap under the lock and pays once.
 */
import type { MemberProfile, PrismaClient } from "@prisma/client";
import {
  evaluateNewsletter,
  evaluateProfileCompleted,
  evaluateSocialFollow,
  explainActionEntry,
  isSocialNetwork,
  newsletterKey,
  newsletterKeyPrefix,
  profileKey,
  SOCIAL_CREDIT_DELAY_MS,
  socialKey,
  socialKeyPrefix,
  type EngagementSettings,
  type SocialNetwork,
} from "../actions";
import { LoyaltyError } from "../errors";
import { getEngagementSettings } from "./engagement-settings.server";
import { appendEntries, lockMember, lockMemberById, type MemberRow, type Tx } from "./ledger.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { getShopProgram, type ShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

export const CREDIT_SOCIAL_FOLLOW = "credit-social-follow";

interface Context {
  settings: EngagementSettings;
  program: ShopProgram;
  now: Date;
}

/** First and last name: the profile's (customers/update), else split from the member's display name. */
function namesOf(member: MemberRow, profile: Pick<MemberProfile, "firstName" | "lastName"> | null): { firstName: string | null; lastName: string | null } {
  if (profile?.firstName || profile?.lastName) return { firstName: profile.firstName, lastName: profile.lastName };
  const words = (member.displayName ?? "").trim().split(/\s+/).filter(Boolean);
  return words.length >= 2 ? { firstName: words[0] ?? null, lastName: words.slice(1).join(" ") } : { firstName: words[0] ?? null, lastName: null };
}

/**
 * Pays the profile-completed bonus when the member's profile is complete and it was never paid; returns the points
 * paid (0 otherwise). Call under the member's lock, after writing the profile.
 */
export async function awardProfileIfComplete(
  tx: Tx,
  member: MemberRow,
  profile: Pick<MemberProfile, "firstName" | "lastName" | "birthMonth"> | null,
  { settings, program, now }: Context,
): Promise<number> {
  if (program.settings.status !== "live" || settings.profile.points <= 0) return 0;
  const key = profileKey(member.id);
  const earned = (await tx.ledgerEntry.count({ where: { shop: member.shop, idempotencyKey: key } })) > 0;
  const decision = evaluateProfileCompleted(settings.profile, { ...namesOf(member, profile), email: member.email, hasBirthday: profile?.birthMonth != null }, earned);
  if (!decision.ok) return 0;
  const { written } = await appendEntries(
    tx,
    member,
    [{ type: "action", points: decision.points, idempotencyKey: key, explanation: explainActionEntry("profile", decision.points), breakdown: { reason: "profile", points: decision.points } }],
    { now, program },
  );
  return written.length > 0 ? decision.points : 0;
}

export interface CustomerUpdate {
  customerGid: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** email_marketing_consent.state, when the payload has it. */
  marketingState: string | null;
  consentUpdatedAt: Date | null;
  updatedAt: Date | null;
}

/** customers/update: names and email kept current, the newsletter and profile bonuses when they became due. */
export async function recordCustomerUpdated(db: PrismaClient, shop: string, update: CustomerUpdate, now: Date): Promise<{ message: string }> {
  const [program, settings] = await Promise.all([getShopProgram(db, shop), getEngagementSettings(db, shop)]);
  return transactionWithRollups(db, async (tx) => {
    const locked = await lockMember(tx, shop, update.customerGid);
    if (locked.redactedAt) return { message: `${update.customerGid} was redacted: nothing kept` };
    const profile = await tx.memberProfile.findUnique({ where: { memberId: locked.id } });
    if (profile?.customerUpdatedAt && update.updatedAt && update.updatedAt < profile.customerUpdatedAt) {
      return { message: `An older update of ${update.customerGid} (${update.updatedAt.toISOString()}): ignored` };
    }
    const displayName = [update.firstName, update.lastName].filter(Boolean).join(" ").trim() || null;
    const member =
      displayName !== locked.displayName || update.email !== locked.email
        ? { ...locked, ...(await tx.member.update({ where: { id: locked.id }, data: { displayName, email: update.email }, select: { displayName: true, email: true } })) }
        : locked;
    const data = {
      firstName: update.firstName,
      lastName: update.lastName,
      ...(update.marketingState !== null ? { emailMarketing: update.marketingState } : {}),
      customerUpdatedAt: update.updatedAt ?? profile?.customerUpdatedAt ?? null,
    };
    const saved = await tx.memberProfile.upsert({ where: { memberId: member.id }, create: { memberId: member.id, shop, ...data }, update: data });

    const outcomes: string[] = [`${update.customerGid} updated`];
    if (program.settings.status === "live" && update.marketingState !== null) {
      const earned = await tx.ledgerEntry.count({ where: { shop, idempotencyKey: { startsWith: newsletterKeyPrefix(member.id) } } });
      const decision = evaluateNewsletter(settings.newsletter, {
        previousState: profile?.emailMarketing ?? null,
        state: update.marketingState,
        consentUpdatedAt: update.consentUpdatedAt,
        earned,
        now,
      });
      if (decision.ok) {
        const { written } = await appendEntries(
          tx,
          member,
          [
            {
              type: "action",
              points: decision.points,
              idempotencyKey: newsletterKey(member.id, earned + 1),
              explanation: explainActionEntry("newsletter", decision.points),
              breakdown: { reason: "newsletter", points: decision.points },
            },
          ],
          { now, program },
        );
        outcomes.push(written.length > 0 ? `newsletter bonus of ${decision.points} pts` : "newsletter bonus already given");
      } else if (update.marketingState === "subscribed" || decision.code === "CAP_REACHED") {
        outcomes.push(`no newsletter bonus: ${decision.reason}`);
      }
    }
    const profileBonus = await awardProfileIfComplete(tx, member, saved, { settings, program, now });
    if (profileBonus > 0) outcomes.push(`profile bonus of ${profileBonus} pts`);
    return { message: outcomes.join("; ") };
  });
}

async function socialFacts(tx: Tx, shop: string, memberId: string, now: Date) {
  const credited = await tx.ledgerEntry.findMany({ where: { shop, idempotencyKey: { startsWith: socialKeyPrefix(memberId) } }, select: { idempotencyKey: true } });
  const waiting = await tx.outboxJob.findMany({
    where: { kind: CREDIT_SOCIAL_FOLLOW, dedupeKey: { startsWith: `${memberId}:` }, doneAt: null, deadAt: null, runAfter: { gt: new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000) } },
    select: { dedupeKey: true },
  });
  return {
    credited: credited.map((entry) => entry.idempotencyKey.slice(socialKeyPrefix(memberId).length)),
    pending: waiting.map((job) => job.dedupeKey.slice(memberId.length + 1)),
  };
}

/**
 * The shopper clicked through to a network: records it and queues the credit SOCIAL_CREDIT_DELAY_MS later.
 * Refused with the reason (NOT_ELIGIBLE) when the shop offers no bonus there, it was earned, is on its way, or
 * the member's cap of networks is reached. Writes nothing when refused.
 */
export async function recordSocialClick(db: PrismaClient, input: { shop: string; customerGid: string; network: string; now: Date }): Promise<{ network: SocialNetwork; url: string; creditAt: string; points: number }> {
  const { shop, customerGid, network, now } = input;
  const [program, settings] = await Promise.all([getShopProgram(db, shop), getEngagementSettings(db, shop)]);
  if (program.settings.status !== "live") throw new LoyaltyError("PROGRAM_PAUSED", "The rewards program is not running");
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, shop, customerGid);
    if (member.redactedAt) throw new LoyaltyError("MEMBER_NOT_FOUND", "This customer's data was erased");
    const decision = evaluateSocialFollow(settings.social, network, await socialFacts(tx, shop, member.id, now));
    if (!decision.ok || !isSocialNetwork(network)) {
      const reason = decision.ok ? "Unknown network" : decision.reason;
      throw new LoyaltyError("NOT_ELIGIBLE", reason, { fieldErrors: { network: decision.ok ? "UNKNOWN_NETWORK" : decision.code } });
    }
    const creditAt = new Date(now.getTime() + SOCIAL_CREDIT_DELAY_MS);
    await enqueueJob(tx, { shop, kind: CREDIT_SOCIAL_FOLLOW, dedupeKey: `${member.id}:${network}`, payload: { memberId: member.id, network }, now, runAfter: creditAt });
    return { network, url: settings.social.networks[network] ?? "", creditAt: creditAt.toISOString(), points: decision.points };
  });
}

/** The `credit-social-follow` job: pays the follow bonus once, if still eligible (settings and cap re-checked). */
export async function creditSocialFollow(db: PrismaClient, memberId: string, network: string, now: Date): Promise<{ paid: number; reason?: string }> {
  const found = await db.member.findUnique({ where: { id: memberId }, select: { shop: true } });
  if (!found || !isSocialNetwork(network)) return { paid: 0, reason: "No such member or network" };
  const [program, settings] = await Promise.all([getShopProgram(db, found.shop), getEngagementSettings(db, found.shop)]);
  if (program.settings.status !== "live") return { paid: 0, reason: "The program is not live" };
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMemberById(tx, memberId);
    if (member.redactedAt) return { paid: 0, reason: "Redacted" };
    const facts = await socialFacts(tx, member.shop, member.id, now);
    // This job is itself still "pending": judge as if it were not.
    const decision = evaluateSocialFollow(settings.social, network, { credited: facts.credited, pending: [] });
    if (!decision.ok) return { paid: 0, reason: decision.reason };
    const reason = `social:${network}` as const;
    const { written } = await appendEntries(
      tx,
      member,
      [{ type: "action", points: decision.points, idempotencyKey: socialKey(member.id, network), explanation: explainActionEntry(reason, decision.points), breakdown: { reason: "social", network, points: decision.points } }],
      { now, program },
    );
    return { paid: written.length > 0 ? decision.points : 0 };
  });
}

/** The shopper's action standing for the storefront: what is offered and what they already earned or wait for. */
export async function getShopperActions(db: PrismaClient, shop: string, customerGid: string, now: Date) {
  const settings = await getEngagementSettings(db, shop);
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true } });
  const facts = member ? await socialFacts(db as unknown as Tx, shop, member.id, now) : { credited: [], pending: [] };
  return {
    social: settings.social.points > 0 ? { points: settings.social.points, networks: settings.social.networks, credited: facts.credited, pending: facts.pending } : null,
    birthdayPoints: settings.birthdayPoints,
  };
}

/** The outbox handlers of actions (registered in jobs.server.ts). */
export function actionJobHandlers(db: PrismaClient): Record<string, JobHandler> {
  return {
    [CREDIT_SOCIAL_FOLLOW]: async (job, { now }) => {
      const { memberId, network } = JSON.parse(job.payload) as { memberId: string; network: string };
      await creditSocialFollow(db, memberId, network, now);
    },
  };
}
