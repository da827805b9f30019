/** What one order did to a customer's points (the customer account's order-status block): order-points.ts's rules. */
import type { PrismaClient } from "@prisma/client";
import { describeOrderPoints, type OrderPoints } from "../order-points";

/** Only that customer's entries are read: another customer's order answers "none", as an unknown order does. */
export async function getOrderPointsOf(db: PrismaClient, shop: string, customerGid: string, orderGid: string, now: Date): Promise<OrderPoints> {
  const entries = await db.ledgerEntry.findMany({
    where: { shop, orderGid, member: { customerGid, shop } },
    select: { type: true, points: true, vestsAt: true },
  });
  return describeOrderPoints(entries.map((entry) => ({ ...entry, points: Number(entry.points) })), now);
}
