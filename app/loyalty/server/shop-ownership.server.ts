/**
 * Shopify's GIDs are globally unique: an order or refund already recorded under one shop can never belong to
 * another. A signed body replayed with another shop's X-Shopify-Shop-Domain header (the header is not signed) is
 * refused here, before any write (docs/decisions/010-trust-boundary.md).
 */
import type { PrismaClient } from "@prisma/client";
import { LoyaltyError } from "../errors";

export async function requireOrderOfShop(db: PrismaClient, shop: string, ids: { orderGid: string; refundGid?: string }): Promise<void> {
  const order = await db.orderRecord.findFirst({ where: { orderGid: ids.orderGid, shop: { not: shop } }, select: { id: true } });
  if (order) throw new LoyaltyError("INVALID_INPUT", `Order ${ids.orderGid} belongs to another shop: refused`);
  if (ids.refundGid) {
    const refund = await db.refundRecord.findFirst({ where: { refundGid: ids.refundGid, shop: { not: shop } }, select: { id: true } });
    if (refund) throw new LoyaltyError("INVALID_INPUT", `Refund ${ids.refundGid} belongs to another shop: refused`);
  }
}
