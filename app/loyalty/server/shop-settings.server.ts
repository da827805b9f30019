/**
 * Stores the shop's currency and time zone on its program (created with defaults if new).
 *
 * The report rollups' days are in the program's zone (docs/decisions/015-daily-rollups.md). They are rebuilt in
 * the same transaction when the zone the reports use changes (one rebuild: about two minutes at a million entries
 * on SQLite here, rare), and built at a new install (no history yet: a few statements). A shop with history and no
 * rollups (installed before them) is left to `npm run rollups:rebuild`, never rebuilt inside a merchant's
 * sign-in; its reports read the ledger until then.
 */
import type { PrismaClient } from "@prisma/client";
import { reportTimeZone } from "../reports/calendar";
import { getShopProgram } from "./program.server";
import { rebuildShopRollupsIn } from "./rollups.server";
import { shopHasHistory, snapshotTransactionOptions } from "./rollups-source.server";

export async function recordShopSettings(
  db: PrismaClient,
  shop: string,
  settings: { currency: string; timezone: string },
  now: Date,
): Promise<void> {
  await getShopProgram(db, shop);
  await db.$transaction(async (tx) => {
    await tx.program.update({ where: { shop }, data: { currency: settings.currency, timezone: settings.timezone } });
    const state = await tx.rollupState.findUnique({ where: { shop }, select: { timezone: true } });
    const stale = state ? state.timezone !== reportTimeZone(settings.timezone) : !(await shopHasHistory(tx, shop));
    if (stale) await rebuildShopRollupsIn(tx, shop, now);
  }, snapshotTransactionOptions(db));
}
