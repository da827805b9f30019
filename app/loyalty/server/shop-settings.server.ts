/** Stores the shop's currency and time zone on its program (created with defaults if new). */
import type { PrismaClient } from "@prisma/client";
import { getShopProgram } from "./program.server";

export async function recordShopSettings(db: PrismaClient, shop: string, settings: { currency: string; timezone: string }): Promise<void> {
  await getShopProgram(db, shop);
  await db.program.update({ where: { shop }, data: { currency: settings.currency, timezone: settings.timezone } });
}
