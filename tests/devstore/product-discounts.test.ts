/**
 * The dev store's discounts on chosen products or variants (the free-product reward): created through the Admin
 * API against the real schema, applied at checkout to their lines only, once for a fixed amount.
 */
import { describe, expect, it } from "vitest";
import { placeOrder, orderTotals } from "../../devstore/commerce";
import { AdminApiEndpoint, ShopState } from "../../devstore/admin-api";
import { DevShop } from "../../devstore/shop";
import { seedShop } from "../../devstore/seed";
import { DISCOUNT_CODE_BASIC_CREATE, FREE_PRODUCT_VARIANT, buildBasicDiscountInput } from "~/shopify/graphql/discounts";

const NOW = new Date("2026-12-01T12:00:00Z");

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

/** Two of the seeded products, with their numeric ids and variant GIDs. */
function twoProducts(devShop: DevShop) {
  const [a, b] = [...devShop.admin.products.values()].map((p) => ({
    ...p,
    priceMinor: must(p.priceMinor),
    numeric: must(p.id.split("/").pop()),
    variantGid: `gid://shopify/ProductVariant/${must(p.variantId)}`,
  }));
  return [must(a), must(b)] as const;
}

function shop() {
  return new DevShop(seedShop("demo.myshopify.com"), { appId: "1", now: () => NOW.getTime() });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers, read by the test's own paths
type Data = Record<string, any>;

/** The shop's Admin API as the app calls it (validated against the real 2026-10 schema). */
async function admin(devShop: DevShop, query: string, variables: Record<string, unknown>) {
  const endpoint = new AdminApiEndpoint({ state: devShop.admin as ShopState, now: () => NOW.getTime() });
  const answer = await endpoint.handle({ shop: devShop.domain, accessToken: "token", body: { query, variables } });
  if (answer.kind !== "response") throw new Error("no response");
  const body = answer.body as { data?: Data; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return must(body.data);
}

describe("discounts on chosen products", () => {
  it("a free-product code takes one unit's price off that variant's line only, whatever the quantity", async () => {
    const devShop = shop();
    const [beanie, other] = twoProducts(devShop);
    const variantGid = beanie.variantGid;
    const variant = await admin(devShop, FREE_PRODUCT_VARIANT, { id: variantGid });
    expect(variant.productVariant).toMatchObject({ id: variantGid, product: { id: beanie.id, title: beanie.title } });
    const input = buildBasicDiscountInput({
      code: "PTS-FREE-0001",
      title: "Loyalty reward: free beanie",
      customerGid: "gid://shopify/Customer/1",
      kind: "free_product",
      variantGid,
      amountMinor: beanie.priceMinor,
      currency: "USD",
      startsAt: NOW,
      endsAt: new Date("2026-12-31T00:00:00Z"),
    });
    const created = await admin(devShop, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: input });
    expect(created.discountCodeBasicCreate.userErrors).toEqual([]);

    const { order } = placeOrder(
      devShop,
      { customerId: "1", lines: [{ productId: beanie.numeric, quantity: 3 }, { productId: other.numeric, quantity: 1 }], code: "PTS-FREE-0001" },
      NOW,
    );
    const [beanieLine, otherLine] = order.lines.map(must);
    expect(beanieLine?.discountMinor).toBe(beanie.priceMinor);
    expect(otherLine?.discountMinor).toBe(0);
    expect(orderTotals(order).discounts).toBe(beanie.priceMinor);

    // A cart without the product refuses the code (and it was used once anyway: a second order cannot use it).
    expect(() => placeOrder(devShop, { customerId: "1", lines: [{ productId: other.numeric, quantity: 1 }], code: "PTS-FREE-0001" }, NOW)).toThrow(/usage limit|already used/);
  });

  it("refuses a cart without the product, and an unknown variant with a user error", async () => {
    const devShop = shop();
    const [beanie, other] = twoProducts(devShop);
    const base = { title: "t", customerGid: "gid://shopify/Customer/1", kind: "free_product" as const, amountMinor: 100, currency: "USD", startsAt: NOW, endsAt: new Date("2026-12-31T00:00:00Z") };
    await admin(devShop, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: buildBasicDiscountInput({ ...base, code: "PTS-ONLY-BEAN", variantGid: beanie.variantGid }) });
    expect(() => placeOrder(devShop, { customerId: "1", lines: [{ productId: other.numeric, quantity: 1 }], code: "PTS-ONLY-BEAN" }, NOW)).toThrow(
      "Discount code PTS-ONLY-BEAN cannot be used: it does not apply to any item in the cart",
    );
    const unknown = await admin(devShop, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: buildBasicDiscountInput({ ...base, code: "PTS-NOPE-NOPE", variantGid: "gid://shopify/ProductVariant/1" }) });
    expect(unknown.discountCodeBasicCreate.codeDiscountNode).toBeNull();
    expect(unknown.discountCodeBasicCreate.userErrors[0].field).toEqual(["basicCodeDiscount", "customerGets", "items", "products", "productVariantsToAdd"]);
    expect((await admin(devShop, FREE_PRODUCT_VARIANT, { id: "gid://shopify/ProductVariant/1" })).productVariant).toBeNull();
  });
});
