/**
 * Domain events the spine consumes, as plain values. Adapters (app/shopify) build them from webhook payloads;
 * the services in app/loyalty/server consume them. GIDs are the keys; times come from the payload.
 */
import type { ReferralSignals } from "./referrals";
import type { EarnOrder } from "./types";

export interface CustomerProfile {
  customerGid: string;
  displayName: string | null;
  email: string | null;
}

export interface PaidOrder {
  orderGid: string;
  customer: CustomerProfile | null;
  /** When the order was paid/processed, from the payload (not our clock). */
  paidAt: Date | null;
  discountCodes: string[];
  /** Order total (what the customer paid), shop minor units: revenue for reports. */
  totalMinor: number;
  /** Lines without product data yet (productType null, no collections): filled in from the Admin API. */
  earnOrder: EarnOrder;
  /** Present only when the order carries a referral signal (a friend code or the referral cart attribute). */
  referral?: ReferralOrderFacts | null;
}

/**
 * What a referral needs of the friend's order (referrals.ts): the signals, a first name and an initial, and the
 * fraud checks' facts normalized and hashed (fingerprints: compared for equality only, never shown).
 */
export interface ReferralOrderFacts {
  signals: ReferralSignals;
  friendName: string;
  emails: string[];
  addresses: string[];
  ips: string[];
}

export interface CancelledOrder {
  orderGid: string;
  cancelledAt: Date | null;
}

export interface RefundEvent {
  refundGid: string;
  orderGid: string;
  createdAt: Date | null;
  lines: { lineGid: string; quantity: number }[];
}

export interface ComplianceCustomerRequest {
  customerGid: string;
  dataRequestId: string | null;
  orderGids: string[];
}
