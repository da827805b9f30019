/** The shop's point value from its rewards catalog (see app/loyalty/point-value.ts for the rule). */
import type { PrismaClient } from "@prisma/client";
import { evaluatePointValue, type ShopPointValue } from "../point-value";
import { withSafeNumbers } from "../safe-integer";

export async function getShopPointValue(db: PrismaClient, shop: string): Promise<ShopPointValue | null> {
  const rewards = await db.reward.findMany({
    where: { shop, active: true, kind: "fixed_amount" },
    select: { name: true, kind: true, active: true, pointsCost: true, amountMinor: true },
  });
  return evaluatePointValue(rewards.map(withSafeNumbers));
}
