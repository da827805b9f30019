/**
 * Product facts that earning rules need (product type, collections), read from the Admin API by product id.
 *
 * Rules:
 * - Query cost, by Shopify's documented rules (scalar/enum 0, object 1, connection 2 + `first` × one item,
 *   interface = max over its possible selections; a single query may request at most 1,000):
 *     one product  = Product 1 + collections connection (2 + PageInfo 1 + 20 × Collection 1) = 24
 *     one batch    = `nodes` sized by its 20 ids × 24 = 480
 *   480 is under half the 1,000 cap, so an under-estimate of Shopify's pricing by 2× still passes, and it fits
 *   the 1,000-point bucket of a shop on the oldest limits beside another request. Follow-up collection pages
 *   cost 1 + 2 + 1 + 100 = 104. (tests/support/query-cost.ts computes the same numbers from the schema.)
 * - A deleted product comes back as a `null` node (an id of another type as an empty object): that is
 *   "no product data" (productType null, no collections), never an error, so the award proceeds on the base rate.
 * - `productType` "" (Shopify's "none") becomes null; a lone UTF-16 surrogate in it becomes U+FFFD.
 * - Output: one entry per distinct input id, in first-seen order; collection ids deduplicated, in Shopify's order.
 */
import type { AdminGraphql } from "../admin-graphql.server";
import { wellFormedText } from "../text";

/** Collections fetched with the product; more are paged with PRODUCT_COLLECTIONS_PAGE. */
export const COLLECTIONS_PAGE_SIZE = 20;
/** Products per PRODUCTS_FOR_EARNING request (see the cost rule above). */
export const PRODUCT_BATCH_SIZE = 20;
/** Collections per PRODUCT_COLLECTIONS_PAGE request, for the rare product in many collections. */
export const COLLECTIONS_FOLLOW_UP_PAGE_SIZE = 100;

export const PRODUCTS_FOR_EARNING = `#graphql
  query ProductsForEarning($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        productType
        collections(first: ${COLLECTIONS_PAGE_SIZE}) {
          nodes { id }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`;

export const PRODUCT_COLLECTIONS_PAGE = `#graphql
  query ProductCollectionsPage($id: ID!, $after: String!) {
    product(id: $id) {
      id
      collections(first: ${COLLECTIONS_FOLLOW_UP_PAGE_SIZE}, after: $after) {
        nodes { id }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export interface CollectionIdsPage {
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface ProductForEarningNode {
  id: string;
  productType: string;
  collections: CollectionIdsPage;
}

/** `nodes` answers position by position: null for a missing id, `{}` for an id of another type. */
export type ProductsForEarningNode = ProductForEarningNode | Record<string, never> | null;

export interface ProductsForEarningResult {
  nodes: ProductsForEarningNode[];
}

export interface ProductCollectionsPageResult {
  product: { id: string; collections: CollectionIdsPage } | null;
}

export interface ProductData {
  productGid: string;
  productType: string | null;
  collectionGids: string[];
}

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;

export function isProductNode(node: ProductsForEarningNode): node is ProductForEarningNode {
  return node !== null && typeof node.id === "string";
}

export function mapProductNode(productGid: string, node: ProductsForEarningNode): ProductData {
  if (!isProductNode(node)) return { productGid, productType: null, collectionGids: [] };
  return {
    productGid,
    // Stored with the earn's breakdown: lone surrogates become U+FFFD (../text.ts).
    productType: node.productType.trim() === "" ? null : wellFormedText(node.productType),
    collectionGids: unique(node.collections.nodes.map((c) => c.id)),
  };
}

/** Maps one PRODUCTS_FOR_EARNING answer; `ids` are the variables it was asked with, in order. */
export function mapProductsForEarning(ids: readonly string[], result: ProductsForEarningResult): ProductData[] {
  if (result.nodes.length !== ids.length) {
    throw new Error(`nodes(ids:) answered ${result.nodes.length} entries for ${ids.length} ids`);
  }
  return ids.map((id, i) => mapProductNode(id, result.nodes[i] ?? null));
}

/** The cursor to continue a product's collections from, or null when it has them all. */
export function nextCollectionsCursor(page: CollectionIdsPage | undefined): string | null {
  return page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
}

export async function fetchProductData(admin: AdminGraphql, productGids: readonly string[]): Promise<ProductData[]> {
  const ids = unique(productGids);
  const bad = ids.find((id) => !PRODUCT_GID.test(id));
  // One malformed id fails Shopify's whole batch with a non-retryable error: refuse it before any request.
  if (bad !== undefined) throw new TypeError(`Not a Product GID: "${bad}"`);

  const products: ProductData[] = [];
  for (let start = 0; start < ids.length; start += PRODUCT_BATCH_SIZE) {
    const batch = ids.slice(start, start + PRODUCT_BATCH_SIZE);
    const result = await admin<ProductsForEarningResult>(PRODUCTS_FOR_EARNING, { ids: batch });
    const mapped = mapProductsForEarning(batch, result);
    for (const [i, product] of mapped.entries()) {
      const node = result.nodes[i] ?? null;
      const after = isProductNode(node) ? nextCollectionsCursor(node.collections) : null;
      if (after !== null) product.collectionGids = await collectRemainingCollections(admin, product, after);
      products.push(product);
    }
  }
  return products;
}

async function collectRemainingCollections(admin: AdminGraphql, product: ProductData, firstCursor: string) {
  const collectionGids = [...product.collectionGids];
  const seenCursors = new Set<string>();
  let after: string | null = firstCursor;
  // A repeated cursor would loop forever; Shopify never sends one, but a bug must not hang a worker.
  while (after !== null && !seenCursors.has(after)) {
    seenCursors.add(after);
    const page: ProductCollectionsPageResult = await admin<ProductCollectionsPageResult>(PRODUCT_COLLECTIONS_PAGE, {
      id: product.productGid,
      after,
    });
    // Deleted between the two requests: keep what the first answer said.
    if (page.product === null) break;
    collectionGids.push(...page.product.collections.nodes.map((c) => c.id));
    after = nextCollectionsCursor(page.product.collections);
  }
  return unique(collectionGids);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
