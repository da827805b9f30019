/** The shop's point value: the program setting (see app/loyalty/point-value.ts), or null when not set. */
import type { PrismaClient } from "@prisma/client";
import { toPointValue } from "../point-value";
import type { PointValue } from "../simulator";
import { getShopProgram } from "./program.server";

export async function getShopPointValue(db: PrismaClient, shop: string): Promise<PointValue | null> {
  const { settings } = await getShopProgram(db, shop);
  return settings.pointValue ? toPointValue(settings.pointValue) : null;
}
