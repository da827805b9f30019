/**
 * The shop's birthday, anniversary and action bonus settings (docs/decisions/034-birthdays-and-actions.md).
 *
 * Rules:
 * - A shop without a row has every bonus off (DEFAULT_ENGAGEMENT_SETTINGS).
 * - Saving validates everything first (points 0…MAX_ENGAGEMENT_POINTS, caps 1…MAX_ACTION_CAP, https profile URLs for
 *   the networks offered) and refuses the whole form with field errors, writing nothing.
 * - Switching the birthday or anniversary bonus on queues the daily bonus job now; the job reschedules itself at
 *   the start of each shop day while one of them is on.
 */
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  isProfileUrl,
  MAX_ACTION_CAP,
  MAX_ENGAGEMENT_POINTS,
  SOCIAL_NETWORKS,
  type EngagementSettings,
  type SocialNetwork,
} from "../actions";
import { LoyaltyError } from "../errors";
import { toSafeNumber } from "../safe-integer";
import { enqueueJob, enqueueProgramFactsSync } from "./outbox.server";
import type { Tx } from "./ledger.server";

export const BIRTHDAY_DAILY = "birthday-daily";

type Db = Pick<PrismaClient, "engagementSettings">;

function parseNetworks(json: string): Partial<Record<SocialNetwork, string>> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const networks: Partial<Record<SocialNetwork, string>> = {};
  for (const network of SOCIAL_NETWORKS) {
    const url = raw[network];
    if (typeof url === "string" && isProfileUrl(url)) networks[network] = url;
  }
  return networks;
}

export async function getEngagementSettings(db: Db, shop: string): Promise<EngagementSettings & { lastBonusDay: string | null }> {
  const row = await db.engagementSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_ENGAGEMENT_SETTINGS, lastBonusDay: null };
  const points = (value: bigint) => toSafeNumber(value, "Bonus points");
  return {
    birthdayPoints: points(row.birthdayPoints),
    anniversaryPoints: points(row.anniversaryPoints),
    newsletter: { points: points(row.newsletterPoints), cap: row.newsletterCap },
    profile: { points: points(row.profilePoints) },
    social: { points: points(row.socialPoints), cap: row.socialCap, networks: parseNetworks(row.socialNetworks) },
    lastBonusDay: row.lastBonusDay,
  };
}

const points = z.coerce
  .number({ message: `Enter a whole number of points from 0 to ${MAX_ENGAGEMENT_POINTS}` })
  .int(`Enter a whole number of points from 0 to ${MAX_ENGAGEMENT_POINTS}`)
  .min(0, `Enter a whole number of points from 0 to ${MAX_ENGAGEMENT_POINTS}`)
  .max(MAX_ENGAGEMENT_POINTS, `Enter a whole number of points from 0 to ${MAX_ENGAGEMENT_POINTS}`);
const cap = z.coerce
  .number({ message: `Enter a limit from 1 to ${MAX_ACTION_CAP}` })
  .int(`Enter a limit from 1 to ${MAX_ACTION_CAP}`)
  .min(1, `Enter a limit from 1 to ${MAX_ACTION_CAP}`)
  .max(MAX_ACTION_CAP, `Enter a limit from 1 to ${MAX_ACTION_CAP}`);
const profileUrl = z
  .string()
  .trim()
  .refine((value) => value === "" || isProfileUrl(value), "Enter the profile's https:// address");

/** What the Program page's section sends. */
export const engagementSettingsSchema = z
  .object({
    birthdayPoints: points,
    anniversaryPoints: points,
    newsletter: z.object({ points, cap }),
    profile: z.object({ points }),
    social: z.object({
      points,
      cap,
      networks: z.object(Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, profileUrl.optional()])) as Record<SocialNetwork, z.ZodOptional<typeof profileUrl>>),
    }),
  })
  .superRefine((value, context) => {
    const offered = SOCIAL_NETWORKS.filter((network) => value.social.networks[network]);
    if (value.social.points > 0 && offered.length === 0) {
      context.addIssue({ code: "custom", path: ["social", "networks"], message: "List at least one network to offer a follow bonus" });
    }
  });

export function parseEngagementSettings(input: unknown): EngagementSettings {
  const parsed = engagementSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "settings"] ??= issue.message;
    throw new LoyaltyError("INVALID_INPUT", "Check the highlighted bonus settings", { fieldErrors });
  }
  const networks: Partial<Record<SocialNetwork, string>> = {};
  for (const network of SOCIAL_NETWORKS) {
    const url = parsed.data.social.networks[network];
    if (url) networks[network] = url;
  }
  return { ...parsed.data, social: { ...parsed.data.social, networks } };
}

export function dailyBonusesOn(settings: Pick<EngagementSettings, "birthdayPoints" | "anniversaryPoints">): boolean {
  return settings.birthdayPoints > 0 || settings.anniversaryPoints > 0;
}

export async function saveEngagementSettings(db: PrismaClient, shop: string, input: unknown, now: Date): Promise<EngagementSettings> {
  const settings = parseEngagementSettings(input);
  return db.$transaction(async (tx) => {
    const before = await getEngagementSettings(tx, shop);
    const data = {
      birthdayPoints: settings.birthdayPoints,
      anniversaryPoints: settings.anniversaryPoints,
      newsletterPoints: settings.newsletter.points,
      newsletterCap: settings.newsletter.cap,
      profilePoints: settings.profile.points,
      socialPoints: settings.social.points,
      socialCap: settings.social.cap,
      socialNetworks: JSON.stringify(settings.social.networks),
    };
    await tx.engagementSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    if (dailyBonusesOn(settings) && !dailyBonusesOn(before)) await queueDailyBonuses(tx, shop, now);
    // The storefront shows the birthday form and the follow links only while something uses them (program facts).
    await enqueueProgramFactsSync(tx, shop, now);
    return settings;
  });
}

/** Queues the daily birthday/anniversary run at `runAfter` (one row per shop: coalesced). */
export function queueDailyBonuses(tx: Tx, shop: string, now: Date, runAfter: Date = now): Promise<void> {
  return enqueueJob(tx, { shop, kind: BIRTHDAY_DAILY, dedupeKey: shop, payload: {}, now, runAfter });
}
