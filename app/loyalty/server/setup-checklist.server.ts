/**
 * The home page's setup checklist, shown until the program is live with rewards and a storefront block.
 * "Storefront block added" is known from evidence, not guessed: the first signed app-proxy request from the shop's
 * storefront (the block or launcher asking for an account) stamps `Program.storefrontSeenAt`.
 */
import type { PrismaClient } from "@prisma/client";
import { getShopProgram, type ShopProgram } from "./program.server";

/**
 * Called by the app proxy with the shop's program as it just loaded it; writes once per shop (the cached program
 * says when it already happened).
 */
export async function recordStorefrontSeen(db: PrismaClient, program: ShopProgram, now: Date): Promise<void> {
  if (program.storefrontSeenAt) return;
  await db.program.updateMany({ where: { shop: program.shop, storefrontSeenAt: null }, data: { storefrontSeenAt: now } });
}

export interface ChecklistItem {
  id: "rewards" | "storefront" | "launch";
  done: boolean;
}

export async function getSetupChecklist(db: PrismaClient, shop: string): Promise<ChecklistItem[]> {
  const program = await getShopProgram(db, shop);
  const rewards = await db.reward.count({ where: { shop, active: true } });
  return [
    { id: "rewards", done: rewards > 0 },
    { id: "storefront", done: Boolean(program.storefrontSeenAt) },
    { id: "launch", done: program.settings.status === "live" },
  ];
}
