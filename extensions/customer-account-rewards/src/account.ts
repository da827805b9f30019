/**
 * The account as the app's `GET /customer-account/account` answers it (JSON): the storefront's account shape
 * (app/loyalty/server/storefront-account.server.ts), dates as ISO strings. Only what the page shows is typed.
 */
export interface RewardsAccount {
  program: { status: "live" | "paused" | "draft"; currency: string; earnRateMilli: number };
  member: {
    balance: number;
    pending: number;
    tier: string | null;
    progress: { nextTier: string | null; remaining: number; progressPermille: number; basis: "points" | "spend"; currency: string };
  };
  rewards: {
    id: string;
    name: string;
    kind: string;
    /** A points slider's step; the other kinds' cost. */
    pointsCost: number;
    /** A points slider: the amount off per step (shop minor units). */
    amountMinor: number | null;
    sliderMinPoints: number | null;
    sliderMaxPoints: number | null;
    missing: number;
    affordable: boolean;
  }[];
  codes: { code: string; rewardName: string; status: "unused" | "used" | "expired" | "pending"; expiresAt: string | null }[];
  activity: { type: string; points: number; explanation: string; createdAt: string }[];
  /** Asked for with `?storeCredit=1`: null when the shop offers no store credit. */
  storeCredit?: StoreCredit | null;
}

export type RewardsReward = RewardsAccount["rewards"][number];

/** The shopper's store credit (ADR 038): Shopify's balance per currency (null: not readable now), pending cash-back. */
export interface StoreCredit {
  balances: { currency: string; amountMinor: number }[] | null;
  pending: { currency: string; amountMinor: number; nextCreditAt: string }[];
}

export interface Redemption {
  code: string;
  rewardName: string;
  status: string;
  expiresAt: string | null;
}

/** `GET /customer-account/birthday`: the shopper's birthday (null when not given) and when it can change next. */
export interface BirthdayAnswer {
  birthday: { month: number; day: number; year: number | null } | null;
  changeableFrom: string | null;
}

/** `GET /customer-account/referral`: the member's referral code and link (null: referrals are off, or no member). */
export interface ReferralAnswer {
  referral: {
    code: string;
    /** The storefront link that gives a friend their first-order discount. */
    link: string;
    /** Friends whose first order earned this member points (approved or pending). */
    referred: number;
    pendingPoints: number;
    /** What the member earns per friend's first order. */
    referrerPoints: number;
  } | null;
}

/** The birthday form as typed (strings, as the fields hold them; the app validates). */
export interface BirthdayDraft {
  month: string;
  day: string;
  year: string;
}

/** The words and formats the page needs: Shopify's `shopify.i18n` (the shopper's language) has this shape. */
export interface RewardsText {
  translate(key: string, options?: Record<string, string | number>): string;
  formatNumber(value: number): string;
  formatCurrency(value: number, options?: { currency?: string }): string;
  formatDate(date: Date, options?: Intl.DateTimeFormatOptions): string;
}
