/**
 * Whether a shop must re-authenticate: Shopify refused its offline token, and a re-read and a refresh did not help
 * (app/shopify/admin-graphql.server.ts). Recorded so the merchant is told (a banner on the app's home page) rather
 * than every background job failing with 401 in silence.
 *
 * Rules:
 * - One row per shop while re-authentication is needed; none otherwise. Recording again keeps the first time.
 * - Cleared by the afterAuth hook (app/shopify.server.ts), which runs after a token exchange whose new token has
 *   just answered an Admin API call.
 * - The reason is a sentence for the merchant, without any token in it.
 */
import type { PrismaClient } from "@prisma/client";

export interface ReauthRequired {
  since: Date;
  reason: string;
}

export async function recordReauthRequired(db: PrismaClient, shop: string, reason: string, now: Date): Promise<void> {
  await db.shopAuthState.upsert({
    where: { shop },
    create: { shop, reauthRequiredAt: now, reason },
    update: { reason },
  });
}

export async function clearReauthRequired(db: PrismaClient, shop: string): Promise<void> {
  await db.shopAuthState.deleteMany({ where: { shop } });
}

export async function getReauthRequired(db: PrismaClient, shop: string): Promise<ReauthRequired | null> {
  const row = await db.shopAuthState.findUnique({ where: { shop } });
  return row ? { since: row.reauthRequiredAt, reason: row.reason } : null;
}
