/** Headline figures of a shop's program for the admin home page. */
import type { PrismaClient } from "@prisma/client";
import { getShopProgram } from "./program.server";

export async function getProgramOverview(db: PrismaClient, shop: string) {
  const [program, members, totals, entries] = await Promise.all([
    getShopProgram(db, shop),
    db.member.count({ where: { shop } }),
    db.member.aggregate({ where: { shop }, _sum: { balance: true } }),
    db.ledgerEntry.count({ where: { shop } }),
  ]);
  return { status: program.settings.status, members, pointsOutstanding: totals._sum.balance ?? 0, entries };
}
