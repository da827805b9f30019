/**
 * Action bonuses and the engagement settings: pure rules (issue 11, "Actions"; docs/decisions/034-birthdays-and-actions.md).
 *
 * Rules:
 * - Each bonus is a number of points, 0 = off; at most MAX_ENGAGEMENT_POINTS.
 * - Newsletter signup: paid when the customer's email marketing consent *becomes* `subscribed` (the state last seen
 *   was something else). When no state was seen before, only a consent given within NEWSLETTER_FRESH_MS of the
 *   delivery counts as new (a customer subscribed for years is not "signing up"). At most `cap` times per member
 *   (unsubscribe and subscribe again pays again only while under the cap).
 * - Profile completed: first name, last name, email and birthday all given. Paid once per member.
 * - Social follow: one of the networks the merchant lists, with its profile URL; honour system: the click-through
 *   is recorded and the points are credited SOCIAL_CREDIT_DELAY_MS later by a job. Once per network, and at most
 *   `cap` networks per member.
 * - Every refusal has a code and a sentence. Idempotency keys: `action:newsletter:<memberId>:<n>` (the nth
 *   subscription bonus, decided under the member's lock), `action:profile:<memberId>`,
 *   `action:social:<memberId>:<network>`. The entry's breakdown names its reason for the ledger's explanation, as
 *   ledger-explanation.ts reads it: `{ reason: "newsletter" | "profile" }` or `{ reason: "social", network }`.
 */
export const MAX_ENGAGEMENT_POINTS = 100_000;
export const MAX_ACTION_CAP = 10;
export const NEWSLETTER_FRESH_MS = 24 * 60 * 60 * 1000;
/** The honour-system wait between a social click-through and its points. */
export const SOCIAL_CREDIT_DELAY_MS = 60_000;

export const SOCIAL_NETWORKS = ["instagram", "facebook", "tiktok", "x", "youtube", "pinterest"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

export const SOCIAL_NETWORK_NAMES: Record<SocialNetwork, string> = {
  instagram: "Instagram",
  facebook: "Facebook",
  tiktok: "TikTok",
  x: "X",
  youtube: "YouTube",
  pinterest: "Pinterest",
};

export function isSocialNetwork(value: string): value is SocialNetwork {
  return (SOCIAL_NETWORKS as readonly string[]).includes(value);
}

export interface EngagementSettings {
  birthdayPoints: number;
  anniversaryPoints: number;
  newsletter: { points: number; cap: number };
  profile: { points: number };
  social: { points: number; cap: number; networks: Partial<Record<SocialNetwork, string>> };
}

export const DEFAULT_ENGAGEMENT_SETTINGS: EngagementSettings = {
  birthdayPoints: 0,
  anniversaryPoints: 0,
  newsletter: { points: 0, cap: 1 },
  profile: { points: 0 },
  social: { points: 0, cap: 1, networks: {} },
};

/** A profile URL the storefront may link to: https, a host with a dot, at most 300 characters. */
export function isProfileUrl(value: string): boolean {
  if (value.length > 300) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

export type ActionRefusalCode =
  | "ACTION_OFF"
  | "NOT_NEWLY_SUBSCRIBED"
  | "CAP_REACHED"
  | "PROFILE_INCOMPLETE"
  | "ALREADY_EARNED"
  | "UNKNOWN_NETWORK"
  | "ALREADY_PENDING";

export type ActionDecision = { ok: true; points: number } | { ok: false; code: ActionRefusalCode; reason: string };

const refuse = (code: ActionRefusalCode, reason: string): ActionDecision => ({ ok: false, code, reason });

export interface NewsletterFacts {
  /** The state last seen for the customer (null: never seen). */
  previousState: string | null;
  state: string | null;
  /** When the customer gave the consent now reported (email_marketing_consent.consent_updated_at). */
  consentUpdatedAt: Date | null;
  /** Newsletter bonuses the member already earned. */
  earned: number;
  now: Date;
}

export function evaluateNewsletter(settings: EngagementSettings["newsletter"], facts: NewsletterFacts): ActionDecision {
  if (settings.points <= 0) return refuse("ACTION_OFF", "The newsletter bonus is off");
  if (facts.state !== "subscribed") return refuse("NOT_NEWLY_SUBSCRIBED", `Email marketing consent is ${facts.state ?? "not given"}`);
  if (facts.previousState === "subscribed") return refuse("NOT_NEWLY_SUBSCRIBED", "Already subscribed when last seen");
  if (facts.previousState === null) {
    const fresh = facts.consentUpdatedAt !== null && facts.now.getTime() - facts.consentUpdatedAt.getTime() <= NEWSLETTER_FRESH_MS;
    if (!fresh) return refuse("NOT_NEWLY_SUBSCRIBED", "Subscribed before the app saw this customer");
  }
  if (facts.earned >= settings.cap) return refuse("CAP_REACHED", `The newsletter bonus was already earned ${facts.earned} of ${settings.cap} times`);
  return { ok: true, points: settings.points };
}

export interface ProfileFacts {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  hasBirthday: boolean;
}

/** The profile fields still missing, in the order a form asks for them. */
export function missingProfileFields(profile: ProfileFacts): ("firstName" | "lastName" | "email" | "birthday")[] {
  const missing: ("firstName" | "lastName" | "email" | "birthday")[] = [];
  if (!profile.firstName?.trim()) missing.push("firstName");
  if (!profile.lastName?.trim()) missing.push("lastName");
  if (!profile.email?.trim()) missing.push("email");
  if (!profile.hasBirthday) missing.push("birthday");
  return missing;
}

export function evaluateProfileCompleted(settings: EngagementSettings["profile"], profile: ProfileFacts, alreadyEarned: boolean): ActionDecision {
  if (settings.points <= 0) return refuse("ACTION_OFF", "The profile bonus is off");
  if (alreadyEarned) return refuse("ALREADY_EARNED", "The profile bonus was already earned");
  const missing = missingProfileFields(profile);
  if (missing.length > 0) return refuse("PROFILE_INCOMPLETE", `The profile still misses: ${missing.join(", ")}`);
  return { ok: true, points: settings.points };
}

export interface SocialFacts {
  /** Networks already credited to the member. */
  credited: readonly string[];
  /** Networks clicked and waiting for their credit. */
  pending: readonly string[];
}

export function evaluateSocialFollow(settings: EngagementSettings["social"], network: string, facts: SocialFacts): ActionDecision {
  if (settings.points <= 0) return refuse("ACTION_OFF", "The social follow bonus is off");
  if (!isSocialNetwork(network) || !settings.networks[network]) return refuse("UNKNOWN_NETWORK", `The shop offers no follow bonus on "${network.slice(0, 30)}"`);
  if (facts.credited.includes(network)) return refuse("ALREADY_EARNED", `The ${SOCIAL_NETWORK_NAMES[network]} follow bonus was already earned`);
  if (facts.pending.includes(network)) return refuse("ALREADY_PENDING", `The ${SOCIAL_NETWORK_NAMES[network]} follow bonus is on its way`);
  const used = new Set([...facts.credited, ...facts.pending]).size;
  if (used >= settings.cap) return refuse("CAP_REACHED", `Follow bonuses are limited to ${settings.cap} ${settings.cap === 1 ? "network" : "networks"} per member`);
  return { ok: true, points: settings.points };
}

export function newsletterKey(memberId: string, nth: number): string {
  return `action:newsletter:${memberId}:${nth}`;
}

export function newsletterKeyPrefix(memberId: string): string {
  return `action:newsletter:${memberId}:`;
}

export function profileKey(memberId: string): string {
  return `action:profile:${memberId}`;
}

export function socialKey(memberId: string, network: SocialNetwork): string {
  return `action:social:${memberId}:${network}`;
}

export function socialKeyPrefix(memberId: string): string {
  return `action:social:${memberId}:`;
}

export type ActionReason = "newsletter" | "profile" | `social:${SocialNetwork}`;

/** "Newsletter signup: 100 pts", "Profile completed: 50 pts", "Followed on Instagram: 25 pts". */
export function explainActionEntry(reason: ActionReason, points: number): string {
  const amount = `${points.toLocaleString("en-US")} pts`;
  if (reason === "newsletter") return `Newsletter signup: ${amount}`;
  if (reason === "profile") return `Profile completed: ${amount}`;
  const network = reason.slice("social:".length) as SocialNetwork;
  return `Followed on ${SOCIAL_NETWORK_NAMES[network] ?? network}: ${amount}`;
}
