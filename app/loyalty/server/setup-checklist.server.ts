/**
 * Evidence for the guided setup's storefront step (launch.server.ts), not guessed: the first signed app-proxy request from the shop's
 * storefront (the block or launcher asking for an account) stamps `Program.storefrontSeenAt`.
 */
import type { PrismaClient } from "@prisma/client";
import type { ShopProgram } from "./program.server";

/**
 * Called by the app proxy with the shop's program as it just loaded it; writes once per shop (the cached program
 * says when it already happened).
 */
export async function recordStorefrontSeen(db: PrismaClient, program: ShopProgram, now: Date): Promise<void> {
  if (program.storefrontSeenAt) return;
  await db.program.updateMany({ where: { shop: program.shop, storefrontSeenAt: null }, data: { storefrontSeenAt: now } });
}
