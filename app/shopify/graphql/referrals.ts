/**
 * What the referral job reads from Shopify (docs/decisions/033-referrals.md): the referrer's email, default address
 * and last order's browser IP and shipping address (the fraud checks compare them with the friend's order), and how
 * many orders the friend has placed (the friend must be new). Nothing of it is stored: the job compares
 * fingerprints (../referral-facts.ts) and keeps only the verdict.
 *
 * Query cost by the documented rules: 1 per object (two customers, one order, addresses) — about 5.
 */
import { normalizeAddress, normalizeEmail, normalizeIp, type PostalAddress } from "~/loyalty/referrals";
import type { AdminGraphql } from "../admin-graphql.server";
import { fingerprints } from "../referral-facts";

export const REFERRAL_PARTIES = `#graphql
  query ReferralParties($referrer: ID!, $friend: ID!) {
    referrer: customer(id: $referrer) {
      defaultEmailAddress { emailAddress }
      defaultAddress { address1 address2 city zip countryCodeV2 }
      lastOrder {
        clientIp
        shippingAddress { address1 address2 city zip countryCodeV2 }
      }
    }
    friend: customer(id: $friend) {
      numberOfOrders
    }
  }
`;

interface MailingAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  zip: string | null;
  countryCodeV2: string | null;
}

export interface ReferralPartiesResult {
  referrer: {
    defaultEmailAddress: { emailAddress: string | null } | null;
    defaultAddress: MailingAddress | null;
    lastOrder: { clientIp: string | null; shippingAddress: MailingAddress | null } | null;
  } | null;
  friend: { numberOfOrders: string } | null;
}

export interface ReferralParties {
  /** Fingerprints of the referrer's facts. */
  referrer: { emails: string[]; addresses: string[]; ips: string[] };
  /** Orders Shopify counts for the friend (this one included), or null when Shopify does not know the friend. */
  friendOrders: number | null;
}

const postal = (address: MailingAddress | null | undefined): PostalAddress | null =>
  address ? { ...address, countryCode: address.countryCodeV2 } : null;

export async function fetchReferralParties(admin: AdminGraphql, referrerGid: string, friendGid: string): Promise<ReferralParties> {
  const result = await admin<ReferralPartiesResult>(REFERRAL_PARTIES, { referrer: referrerGid, friend: friendGid });
  const referrer = result.referrer;
  const count = result.friend ? Number(result.friend.numberOfOrders) : null;
  return {
    referrer: {
      emails: fingerprints([normalizeEmail(referrer?.defaultEmailAddress?.emailAddress)]),
      addresses: fingerprints([normalizeAddress(postal(referrer?.defaultAddress)), normalizeAddress(postal(referrer?.lastOrder?.shippingAddress))]),
      ips: fingerprints([normalizeIp(referrer?.lastOrder?.clientIp)]),
    },
    friendOrders: count !== null && Number.isSafeInteger(count) ? count : null,
  };
}
