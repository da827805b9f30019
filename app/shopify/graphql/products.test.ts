import { describe, expect, it } from "vitest";
import { mapProductNode, mapProductsForEarning, nextCollectionsCursor, type ProductForEarningNode } from "./products";

const product = (overrides: Partial<ProductForEarningNode> = {}): ProductForEarningNode => ({
  id: "gid://shopify/Product/1",
  productType: "Snowboards",
  collections: {
    nodes: [{ id: "gid://shopify/Collection/10" }, { id: "gid://shopify/Collection/11" }],
    pageInfo: { hasNextPage: false, endCursor: "c2" },
  },
  ...overrides,
});

describe("mapProductNode", () => {
  it("keeps the product type and collection ids", () => {
    expect(mapProductNode("gid://shopify/Product/1", product())).toEqual({
      productGid: "gid://shopify/Product/1",
      productType: "Snowboards",
      collectionGids: ["gid://shopify/Collection/10", "gid://shopify/Collection/11"],
    });
  });

  it("maps Shopify's empty product type to null", () => {
    expect(mapProductNode("gid://shopify/Product/1", product({ productType: "" })).productType).toBeNull();
    expect(mapProductNode("gid://shopify/Product/1", product({ productType: "  " })).productType).toBeNull();
  });

  it("maps a deleted product (null node) to no product data, so the award can proceed", () => {
    expect(mapProductNode("gid://shopify/Product/9", null)).toEqual({
      productGid: "gid://shopify/Product/9",
      productType: null,
      collectionGids: [],
    });
  });

  it("maps an id of another type (empty object from the inline fragment) to no product data", () => {
    expect(mapProductNode("gid://shopify/Product/9", {})).toEqual({
      productGid: "gid://shopify/Product/9",
      productType: null,
      collectionGids: [],
    });
  });

  it("deduplicates collection ids", () => {
    const twice = product({
      collections: {
        nodes: [{ id: "gid://shopify/Collection/10" }, { id: "gid://shopify/Collection/10" }],
        pageInfo: { hasNextPage: false, endCursor: null },
      },
    });
    expect(mapProductNode("gid://shopify/Product/1", twice).collectionGids).toEqual(["gid://shopify/Collection/10"]);
  });
});

describe("mapProductsForEarning", () => {
  it("pairs nodes with the requested ids by position", () => {
    const ids = ["gid://shopify/Product/1", "gid://shopify/Product/2"];
    expect(mapProductsForEarning(ids, { nodes: [null, product({ id: ids[1] })] }).map((p) => p.productGid)).toEqual(
      ids
    );
  });

  it("refuses an answer that does not line up with the ids", () => {
    expect(() => mapProductsForEarning(["gid://shopify/Product/1"], { nodes: [] })).toThrow(
      "nodes(ids:) answered 0 entries for 1 ids"
    );
  });
});

describe("nextCollectionsCursor", () => {
  it("returns the end cursor only while there is a next page", () => {
    expect(nextCollectionsCursor({ nodes: [], pageInfo: { hasNextPage: true, endCursor: "abc" } })).toBe("abc");
    expect(nextCollectionsCursor({ nodes: [], pageInfo: { hasNextPage: false, endCursor: "abc" } })).toBeNull();
    expect(nextCollectionsCursor(undefined)).toBeNull();
  });
});
