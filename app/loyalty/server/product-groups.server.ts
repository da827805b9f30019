/**
 * The product-groups job (`record-product-groups`, one per shop): records which product types each member bought
 * from per month (MemberProductGroups), for the insights' "Across product groups" card.
 *
 * Rules:
 * - Source: the shop's earn entries after the shop's cursor (createdAt, then id), CHUNK at a time; each entry's
 *   stored breakdown holds its order's lines. A line's type is the one the award saw, else the product cache's,
 *   else Shopify's (fetched here, in the background, and cached like the award's fetch), so shops whose earning
 *   rules never needed product data still get their groups. Never part of the award: the award stays lean.
 * - Each chunk is one transaction: the members' months merged (a set union, so a re-read entry changes nothing) and
 *   the cursor moved. A crash repeats at most the chunk; the job resumes from the cursor.
 * - The job runs at most TIME_BUDGET_MS, then queues itself again; when it recorded anything, the shop's insights
 *   snapshots are refreshed so the card shows it.
 */
import type { PrismaClient } from "@prisma/client";
import { chunked, kyselyOf } from "~/db/kysely.server";
import { fetchProductData } from "~/shopify/graphql/products";
import { localDateOf, reportTimeZone } from "../reports/calendar";
import { groupsOfLines } from "../reports/product-groups";
import type { AdminFor } from "./jobs.server";
import { enqueueJob, type JobHandler } from "./outbox.server";
import { storeProductData } from "./product-cache.server";
import { getShopProgram } from "./program.server";

export const RECORD_PRODUCT_GROUPS = "record-product-groups";
const CHUNK = 2_000;
const TIME_BUDGET_MS = 20_000;

interface StoredLine {
  productGid: string | null;
  productType: string | null;
  giftCard?: boolean;
}

/** The order lines of an earn entry's stored breakdown (an unreadable breakdown has none). */
export function linesOfBreakdown(breakdown: string | null): StoredLine[] {
  if (!breakdown) return [];
  try {
    const lines = (JSON.parse(breakdown) as { order?: { lines?: unknown } }).order?.lines;
    if (!Array.isArray(lines)) return [];
    return lines.flatMap((line: unknown) => {
      if (typeof line !== "object" || line === null) return [];
      const { productGid, productType, giftCard } = line as Record<string, unknown>;
      return [{ productGid: typeof productGid === "string" ? productGid : null, productType: typeof productType === "string" ? productType : null, giftCard: giftCard === true }];
    });
  } catch {
    return [];
  }
}

export function enqueueProductGroups(db: PrismaClient, shop: string, now: Date): Promise<void> {
  return enqueueJob(db, { shop, kind: RECORD_PRODUCT_GROUPS, dedupeKey: shop, now });
}

/** Records one chunk after the cursor; returns how many entries it read (less than CHUNK: caught up). */
export async function recordProductGroupsChunk(db: PrismaClient, adminFor: AdminFor, shop: string, now: Date): Promise<number> {
  const cursor = await db.productGroupsCursor.findUnique({ where: { shop } });
  const entries = await db.ledgerEntry.findMany({
    where: {
      shop,
      type: "earn",
      ...(cursor
        ? { OR: [{ createdAt: { gt: cursor.entryCreatedAt } }, { createdAt: cursor.entryCreatedAt, id: { gt: cursor.entryId } }] }
        : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: CHUNK,
    select: { id: true, memberId: true, createdAt: true, breakdown: true },
  });
  const last = entries.at(-1);
  if (!last) return 0;

  const lines = new Map(entries.map((entry) => [entry.id, linesOfBreakdown(entry.breakdown)]));
  const untyped = [...new Set([...lines.values()].flat().filter((l) => !l.giftCard && l.productGid && !l.productType).map((l) => l.productGid as string))];
  const knownTypes = await productTypes(db, adminFor, shop, untyped, now);

  const timezone = reportTimeZone((await getShopProgram(db, shop)).timezone);
  const bought = new Map<string, { memberId: string; month: string; groups: Set<string> }>();
  for (const entry of entries) {
    const groups = groupsOfLines(lines.get(entry.id) ?? [], knownTypes);
    if (groups.length === 0) continue;
    const month = localDateOf(entry.createdAt, timezone).slice(0, 7);
    const key = `${entry.memberId}|${month}`;
    const row = bought.get(key) ?? { memberId: entry.memberId, month, groups: new Set<string>() };
    for (const group of groups) row.groups.add(group);
    bought.set(key, row);
  }

  await db.$transaction(async (tx) => {
    const rows = [...bought.values()];
    // The chunk's members and months (a superset of the pairs), 500 members a statement: an OR of 2,000 pairs
    // would exceed the database's parameter limit.
    const months = [...new Set(rows.map((row) => row.month))];
    const existing = [];
    const members = [...new Set(rows.map((row) => row.memberId))];
    for (let start = 0; start < members.length; start += 500) {
      const some = members.slice(start, start + 500);
      existing.push(...(await tx.memberProductGroups.findMany({ where: { memberId: { in: some }, month: { in: months } } })));
    }
    const before = new Map(existing.map((row) => [`${row.memberId}|${row.month}`, JSON.parse(row.groups) as string[]]));
    const merged = rows.map((row) => ({
      memberId: row.memberId,
      month: row.month,
      shop,
      groups: JSON.stringify([...new Set([...(before.get(`${row.memberId}|${row.month}`) ?? []), ...row.groups])].sort()),
    }));
    // Set-based: a multi-row upsert per parameter-sized chunk (the union was taken above, under this transaction).
    for (const values of chunked(merged, 4)) {
      await kyselyOf(tx)
        .insertInto("MemberProductGroups")
        .values(values)
        .onConflict((oc) => oc.columns(["memberId", "month"]).doUpdateSet((eb) => ({ groups: eb.ref("excluded.groups") })))
        .execute();
    }
    await tx.productGroupsCursor.upsert({
      where: { shop },
      create: { shop, entryCreatedAt: last.createdAt, entryId: last.id },
      update: { entryCreatedAt: last.createdAt, entryId: last.id },
    });
  });
  return entries.length;
}

/** Product types for the products the lines did not type: the cache (any age), then Shopify for the rest. */
export async function productTypes(db: PrismaClient, adminFor: AdminFor, shop: string, productGids: string[], now: Date): Promise<Map<string, string>> {
  const types = new Map<string, string>();
  if (productGids.length === 0) return types;
  const cached = await db.productCache.findMany({ where: { shop, productGid: { in: productGids } }, select: { productGid: true, productType: true } });
  for (const row of cached) if (row.productType) types.set(row.productGid, row.productType);
  const seen = new Set(cached.map((row) => row.productGid));
  const missing = productGids.filter((gid) => !seen.has(gid) && /^gid:\/\/shopify\/Product\/\d+$/.test(gid));
  if (missing.length > 0) {
    const fetched = await fetchProductData(await adminFor(shop), missing);
    await storeProductData(db, shop, fetched, now);
    for (const product of fetched) if (product.productType) types.set(product.productGid, product.productType);
  }
  return types;
}

export function productGroupsJobHandler(db: PrismaClient, adminFor: AdminFor, onRecorded: (shop: string, now: Date) => Promise<void>): JobHandler {
  return async (job, { now }) => {
    const started = Date.now();
    let recorded = 0;
    for (;;) {
      const read = await recordProductGroupsChunk(db, adminFor, job.shop, now);
      recorded += read;
      if (read < CHUNK) break;
      if (Date.now() - started > TIME_BUDGET_MS) {
        // More to read: the next run carries on from the cursor (a new generation of this job).
        await enqueueProductGroups(db, job.shop, new Date(now.getTime() + 1));
        return;
      }
    }
    if (recorded > 0) await onRecorded(job.shop, now);
  };
}
