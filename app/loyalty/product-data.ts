/**
 * Product data for earning: orders carry no product type or collections, so they are looked up (Admin API,
 * cached per shop) and merged into the order here.
 *
 * Rules:
 * - Only a program with product-type or collection rates needs product data; a spend-only program never waits.
 * - `missingProductGids` lists what must be fetched before the award can be computed: an award is never computed
 *   with a guessed rate.
 */
import type { EarnOrder, EarningRules } from "./types";

export interface ProductData {
  productGid: string;
  productType: string | null;
  collectionGids: readonly string[];
}

export function needsProductData(rules: EarningRules): boolean {
  return rules.productTypeRates.length > 0 || rules.collectionRates.length > 0;
}

/** Distinct product GIDs of the order's earning lines (gift cards and custom lines need no lookup). */
export function productGidsOf(order: EarnOrder): string[] {
  const gids = new Set<string>();
  for (const line of order.lines) if (line.productGid && !line.giftCard) gids.add(line.productGid);
  return [...gids];
}

export function missingProductGids(order: EarnOrder, known: ReadonlyMap<string, ProductData>): string[] {
  return productGidsOf(order).filter((gid) => !known.has(gid));
}

export function withProductData(order: EarnOrder, known: ReadonlyMap<string, ProductData>): EarnOrder {
  return {
    ...order,
    lines: order.lines.map((line) => {
      const data = line.productGid ? known.get(line.productGid) : undefined;
      return data ? { ...line, productType: data.productType, collectionGids: data.collectionGids } : line;
    }),
  };
}
