/**
 * Referrals: pure rules (issue 11, "Referrals"; docs/decisions/033-referrals.md).
 *
 * Rules:
 * - A member's referral code is 10 characters of Crockford base32 (no I, L, O, U) from 50 random bits: unguessable
 *   (2^50 codes), stored once per member, so stable. The friend's discount code is `FRIEND-` + 10 more such
 *   characters: the prefix lets the paid-order paths see a referral signal without a database read.
 * - Attribution: a friend discount code on the order wins; otherwise the cart attribute `_loyalty_referral` the
 *   storefront script sets (the referrer's code). Anything that is not of a code's form is dropped here, and a
 *   well-formed code nobody owns is dropped by the service: a forged code or attribute is ignored, never an error.
 * - Fraud checks, in this order, each a stated reason: the referrer used their own code (claimed the friend code
 *   themself), the friend is the referrer (customer id), the same email (normalized), the same shipping address
 *   (normalized), the same browser IP, the friend is not new (earlier orders), the referrer reached the cap of
 *   referrals in the period. A fact missing on either side never matches.
 * - The referrer's reward vests `pendingDays` after the friend's order was paid; until then it is pending, and it is
 *   taken back if the order is cancelled, or refunded down below the friend reward's minimum order (or to nothing).
 * - Keys: `referral:<order GID>` for the referrer's entry, `clawback:referral:<order GID>` for its reversal.
 * - The ledger keeps no more of the friend than a first name and an initial ("Jo L.").
 */
import { z } from "zod";
import { LoyaltyError } from "./errors";

export const REFERRAL_STATUSES = ["clicked", "ordered", "pending", "approved", "rejected"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REJECTION_REASONS = [
  "own_code",
  "self_customer",
  "same_email",
  "same_address",
  "same_ip",
  "friend_not_new",
  "referrer_cap",
  "order_cancelled",
  "order_refunded",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The reason's sentence for the merchant (the admin translates by code; CSV and logs use these). */
export const REJECTION_TEXT: Record<RejectionReason, string> = {
  own_code: "The referrer used their own code",
  self_customer: "The friend is the referrer",
  same_email: "The friend has the referrer's email",
  same_address: "The friend ships to the referrer's address",
  same_ip: "The friend ordered from the referrer's browser IP",
  friend_not_new: "The friend had ordered before",
  referrer_cap: "The referrer reached the limit of referrals for the period",
  order_cancelled: "The friend's order was cancelled within the return window",
  order_refunded: "The friend's order was refunded within the return window",
};

/** The cart attribute the storefront script sets; Shopify puts it on the order's note_attributes. */
export const REFERRAL_ATTRIBUTE = "_loyalty_referral";
export const FRIEND_CODE_PREFIX = "FRIEND-";
export const REFERRAL_CODE_LENGTH = 10;
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_BODY = new RegExp(`^[${ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Enough random bytes for one code (the caller draws them: the core has no randomness). */
export const CODE_RANDOM_BYTES = 7;

function encode(bytes: Uint8Array): string {
  if (bytes.length < CODE_RANDOM_BYTES) {
    throw new LoyaltyError("INVALID_INPUT", `A code needs ${CODE_RANDOM_BYTES} random bytes, got ${bytes.length}`);
  }
  let bits = 0n;
  for (const byte of bytes.subarray(0, CODE_RANDOM_BYTES)) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) {
    out += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return out;
}

/** A member's referral code from random bytes. */
export function formatReferralCode(bytes: Uint8Array): string {
  return encode(bytes);
}

/** A friend's single-use discount code from random bytes. */
export function formatFriendCode(bytes: Uint8Array): string {
  return FRIEND_CODE_PREFIX + encode(bytes);
}

/** The code as typed or carried (case, spaces, Crockford's look-alikes), or null when it cannot be one. */
export function normalizeReferralCode(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64) return null;
  const code = value.trim().toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");
  return CODE_BODY.test(code) ? code : null;
}

export function normalizeFriendCode(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64) return null;
  const upper = value.trim().toUpperCase();
  if (!upper.startsWith(FRIEND_CODE_PREFIX)) return null;
  const body = normalizeReferralCode(upper.slice(FRIEND_CODE_PREFIX.length));
  return body ? FRIEND_CODE_PREFIX + body : null;
}

export interface ReferralSignals {
  /** Friend discount codes on the order (well-formed ones only). */
  friendCodes: string[];
  /** The referrer's code from the cart attribute, when well-formed. */
  attributeCode: string | null;
}

/** What an order carries that may attribute it to a referral; null when nothing (most orders). */
export function referralSignalsOf(order: { discountCodes: readonly string[]; attributes: readonly { name: string; value: unknown }[] }): ReferralSignals | null {
  const friendCodes = [...new Set(order.discountCodes.map(normalizeFriendCode).filter((c): c is string => c !== null))];
  const attribute = order.attributes.find((a) => a.name === REFERRAL_ATTRIBUTE);
  const attributeCode = attribute ? normalizeReferralCode(attribute.value) : null;
  return friendCodes.length > 0 || attributeCode ? { friendCodes, attributeCode } : null;
}

// ---- Fraud checks ---------------------------------------------------------------------------------------------

/** Lower case, no spaces; the +tag dropped, and dots for Gmail (they reach the same inbox). */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at).split("+")[0] ?? "";
  const domain = trimmed.slice(at + 1).replace(/^googlemail\.com$/, "gmail.com");
  if (domain === "gmail.com") local = local.replace(/\./g, "");
  return local ? `${local}@${domain}` : null;
}

export interface PostalAddress {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  zip?: string | null;
  countryCode?: string | null;
}

const STREET_WORDS: Record<string, string> = {
  street: "st",
  avenue: "ave",
  road: "rd",
  boulevard: "blvd",
  drive: "dr",
  lane: "ln",
  apartment: "apt",
  suite: "ste",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
};

/** One line that two spellings of the same address share ("12 Main Street, Apt 4" = "12 main st apt. 4"). */
export function normalizeAddress(address: PostalAddress | null | undefined): string | null {
  if (!address) return null;
  const words = (value: string | null | undefined) =>
    (value ?? "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim()
      .split(" ")
      .filter(Boolean)
      .map((word) => STREET_WORDS[word] ?? word);
  const street = [...words(address.address1), ...words(address.address2)];
  if (street.length === 0) return null;
  const zip = (address.zip ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  const country = (address.countryCode ?? "").toUpperCase();
  return [street.join(" "), words(address.city).join(" "), zip, country].join("|");
}

/** An IP as one string (IPv4-mapped IPv6 as IPv4, IPv6 lower case). */
export function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const value = ip.trim().toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return value === "" ? null : value;
}

/** Who placed the order, as comparable facts (normalized, then hashed or not: equality is all that is used). */
export interface PartyFacts {
  customerGid: string | null;
  emails: readonly (string | null)[];
  addresses: readonly (string | null)[];
  ips: readonly (string | null)[];
}

export interface ReferralCheckInput {
  referrer: PartyFacts;
  friend: PartyFacts;
  /** The customer who claimed the friend code, when they were signed in. */
  claimedBy: string | null;
  /** Orders of the friend before this one (any the shop knows of). */
  friendEarlierOrders: number;
  /** The referrer's referrals counted in the current period (rewarded or pending), this one excluded. */
  referrerRecentReferrals: number;
  /** At most this many per period; null: no cap. */
  capPerPeriod: number | null;
}

export type ReferralVerdict = { ok: true } | { ok: false; reason: RejectionReason };

function shares(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  const left = new Set(a.filter((v): v is string => !!v));
  return b.some((v) => !!v && left.has(v));
}

/** The first fraud check that fails, or ok. */
export function evaluateReferral(input: ReferralCheckInput): ReferralVerdict {
  const { referrer, friend } = input;
  if (referrer.customerGid !== null && input.claimedBy === referrer.customerGid) return { ok: false, reason: "own_code" };
  if (referrer.customerGid !== null && friend.customerGid === referrer.customerGid) return { ok: false, reason: "self_customer" };
  if (shares(referrer.emails, friend.emails)) return { ok: false, reason: "same_email" };
  if (shares(referrer.addresses, friend.addresses)) return { ok: false, reason: "same_address" };
  if (shares(referrer.ips, friend.ips)) return { ok: false, reason: "same_ip" };
  if (input.friendEarlierOrders > 0) return { ok: false, reason: "friend_not_new" };
  if (input.capPerPeriod !== null && input.referrerRecentReferrals >= input.capPerPeriod) return { ok: false, reason: "referrer_cap" };
  return { ok: true };
}

/** Where the cap's period starts for a decision at `now`. */
export function capPeriodStart(now: Date, periodDays: number): Date {
  return new Date(now.getTime() - periodDays * DAY_MS);
}

// ---- Reward, vesting, reversal -----------------------------------------------------------------------------

export function referralVestsAt(paidAt: Date, pendingDays: number): Date {
  return new Date(paidAt.getTime() + pendingDays * DAY_MS);
}

export interface ReversalInput {
  cancelled: boolean;
  /** What the friend paid for the order (minor units). */
  totalMinor: number;
  /** Refunded so far; null when the amounts are unknown (every refund then counts as the whole order). */
  refundedMinor: number | null;
  refunds: number;
  minimumOrderMinor: number;
  /** When the reversal happened, and when the reward vests (null: it never was pending). */
  at: Date;
  vestsAt: Date | null;
}

/** Whether the referrer's reward is taken back, and why; null when it stays. */
export function evaluateReferralReversal(input: ReversalInput): "order_cancelled" | "order_refunded" | null {
  if (input.vestsAt === null || input.at.getTime() >= input.vestsAt.getTime()) return null;
  if (input.cancelled) return "order_cancelled";
  if (input.refunds === 0) return null;
  if (input.refundedMinor === null) return "order_refunded";
  const net = input.totalMinor - input.refundedMinor;
  return net <= 0 || net < input.minimumOrderMinor ? "order_refunded" : null;
}

const GID = (resource: string) => new RegExp(`^gid://shopify/${resource}/\\d+$`);

export function referralKey(orderGid: string): string {
  if (!GID("Order").test(orderGid)) throw new LoyaltyError("INVALID_INPUT", `"${orderGid}" is not a Shopify Order GID`);
  return `referral:${orderGid}`;
}

export function referralClawbackKey(orderGid: string): string {
  return `clawback:${referralKey(orderGid)}`;
}

/** "Jo L." from a first and a last name; "a friend" when there is neither. */
export function friendShortName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  const first = (firstName ?? "").trim().split(/\s+/)[0] ?? "";
  const initial = [...(lastName ?? "").trim()][0];
  const name = [first, initial ? `${initial.toUpperCase()}.` : ""].filter(Boolean).join(" ");
  return name.slice(0, 40) || "a friend";
}

export function referralExplanation(friendName: string, orderName: string | null): string {
  return `Referral: ${friendName}'s first order${orderName ? ` ${orderName}` : ""}`;
}

export function referralReversalExplanation(friendName: string, orderName: string | null, reason: "order_cancelled" | "order_refunded"): string {
  const order = orderName ? `order ${orderName}` : "order";
  return `Referral taken back: ${friendName}'s ${order} was ${reason === "order_cancelled" ? "cancelled" : "refunded"}`;
}

// ---- Settings --------------------------------------------------------------------------------------------------

export const referralSettingsSchema = z
  .object({
    enabled: z.boolean(),
    referrerPoints: z.number().int().min(1).max(1_000_000),
    friendDiscountKind: z.enum(["fixed_amount", "percentage"]),
    /** fixed_amount: minor units; percentage: basis points (1000 = 10%). */
    friendDiscountValue: z.number().int().min(1),
    friendMinimumOrderMinor: z.number().int().min(0).max(100_000_000),
    friendCodeDays: z.number().int().min(1).max(365),
    pendingDays: z.number().int().min(0).max(365),
    capPerPeriod: z.number().int().min(1).max(10_000).nullable(),
    capPeriodDays: z.number().int().min(1).max(365),
  })
  .superRefine((value, ctx) => {
    if (value.friendDiscountKind === "percentage" && value.friendDiscountValue > 10_000) {
      ctx.addIssue({ code: "custom", path: ["friendDiscountValue"], message: "A percentage is at most 100%" });
    }
    if (value.friendDiscountKind === "fixed_amount" && value.friendDiscountValue > 100_000_000) {
      ctx.addIssue({ code: "custom", path: ["friendDiscountValue"], message: "The amount off is too large" });
    }
  });

export type ReferralSettings = z.output<typeof referralSettingsSchema>;

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  enabled: false,
  referrerPoints: 500,
  friendDiscountKind: "fixed_amount",
  friendDiscountValue: 1000,
  friendMinimumOrderMinor: 5000,
  friendCodeDays: 30,
  pendingDays: 30,
  capPerPeriod: 10,
  capPeriodDays: 30,
};

/** Validates settings; a LoyaltyError INVALID_INPUT with a message per field when anything is wrong. */
export function parseReferralSettings(input: unknown): ReferralSettings {
  const result = referralSettingsSchema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = `referrals.${issue.path.join(".") || "settings"}`;
    fieldErrors[path] ??= issue.message;
  }
  throw new LoyaltyError("INVALID_INPUT", "Check the referral settings", { fieldErrors });
}

// ---- Figures ---------------------------------------------------------------------------------------------------

export interface ReferralSummary {
  clicks: number;
  orders: number;
  approved: number;
  pending: number;
  rejected: number;
  /** Orders per click, in basis points (0 with no click). */
  conversionBasisPoints: number;
  /** Revenue of orders not rejected (minor units). */
  revenueMinor: number;
}

export function summarizeReferrals(rows: readonly { status: ReferralStatus; revenueMinor: number }[]): ReferralSummary {
  let orders = 0;
  let approved = 0;
  let pending = 0;
  let rejected = 0;
  let revenueMinor = 0;
  for (const row of rows) {
    if (row.status !== "clicked") orders += 1;
    if (row.status === "approved") approved += 1;
    if (row.status === "pending" || row.status === "ordered") pending += 1;
    if (row.status === "rejected") rejected += 1;
    if (row.status !== "clicked" && row.status !== "rejected") revenueMinor += row.revenueMinor;
  }
  const clicks = rows.length;
  return { clicks, orders, approved, pending, rejected, revenueMinor, conversionBasisPoints: clicks === 0 ? 0 : Math.floor((orders * 10_000) / clicks) };
}
