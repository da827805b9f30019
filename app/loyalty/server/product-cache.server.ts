/**
 * Per-shop cache of product type and collections (ProductCache rows), filled from the Admin API.
 * Entries older than PRODUCT_CACHE_TTL_MS are treated as missing, so a re-typed product is picked up within hours.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import type { ProductData } from "../product-data";

export const PRODUCT_CACHE_TTL_MS = 6 * 60 * 60 * 1000;

export async function getCachedProductData(
  db: Pick<PrismaClient, "productCache"> | Pick<Prisma.TransactionClient, "productCache">,
  shop: string,
  productGids: readonly string[],
  now: Date,
): Promise<Map<string, ProductData>> {
  if (productGids.length === 0) return new Map();
  const rows = await db.productCache.findMany({
    where: { shop, productGid: { in: [...productGids] }, fetchedAt: { gte: new Date(now.getTime() - PRODUCT_CACHE_TTL_MS) } },
  });
  return new Map(
    rows.map((row) => [
      row.productGid,
      { productGid: row.productGid, productType: row.productType, collectionGids: JSON.parse(row.collectionGids) as string[] },
    ]),
  );
}

export async function storeProductData(db: PrismaClient, shop: string, products: readonly ProductData[], now: Date): Promise<void> {
  for (const product of products) {
    const data = { productType: product.productType, collectionGids: JSON.stringify(product.collectionGids), fetchedAt: now };
    await db.productCache.upsert({
      where: { shop_productGid: { shop, productGid: product.productGid } },
      create: { shop, productGid: product.productGid, ...data },
      update: data,
    });
  }
}
