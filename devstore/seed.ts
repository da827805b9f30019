/**
 * The demo catalog every new dev store shop starts with: a winter-sports shop with several product types (so
 * per-product-type earning rules have something to bite on), overlapping collections (per-collection rules), a gift
 * card (never earns), and a dozen customers with small ids (`--customer 3` is gid://shopify/Customer/3).
 * Deterministic: the same shop domain always gets the same data.
 */
import { ShopState } from "./admin-api";
import type { DevShopSnapshot } from "./shop";

interface SeedProduct {
  id: number;
  title: string;
  productType: string;
  vendor: string;
  price: number;
  collections: number[];
}

export const SEED_COLLECTIONS = [
  { id: 301, title: "Winter Sale" },
  { id: 302, title: "Best Sellers" },
  { id: 303, title: "Beginner Gear" },
  { id: 304, title: "Eco Line" },
] as const;

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  { id: 101, title: "Summit Snowboard", productType: "Snowboards", vendor: "Alpine Works", price: 44995, collections: [302] },
  { id: 102, title: "Powder Twin Snowboard", productType: "Snowboards", vendor: "Alpine Works", price: 38900, collections: [301] },
  { id: 103, title: "First Tracks Snowboard", productType: "Snowboards", vendor: "Drift", price: 24900, collections: [303, 301] },
  { id: 104, title: "Carver All-Mountain Skis", productType: "Skis", vendor: "Nordpeak", price: 52900, collections: [302] },
  { id: 105, title: "Junior Skis", productType: "Skis", vendor: "Nordpeak", price: 19900, collections: [303] },
  { id: 106, title: "Bio Glide Wax", productType: "Wax", vendor: "Greenslope", price: 1499, collections: [304, 302] },
  { id: 107, title: "Race Wax Kit", productType: "Wax", vendor: "Drift", price: 3450, collections: [] },
  { id: 108, title: "Merino Base Layer", productType: "Apparel", vendor: "Greenslope", price: 8900, collections: [304] },
  { id: 109, title: "Storm Shell Jacket", productType: "Apparel", vendor: "Alpine Works", price: 27900, collections: [301, 302] },
  { id: 110, title: "Insulated Gloves", productType: "Accessories", vendor: "Drift", price: 4900, collections: [303] },
  { id: 111, title: "Goggles Pro", productType: "Accessories", vendor: "Nordpeak", price: 12900, collections: [] },
  { id: 112, title: "Gift Card $50", productType: "Gift Cards", vendor: "Demo Store", price: 5000, collections: [] },
];

export const SEED_CUSTOMERS = [
  ["Ava", "Martin"],
  ["Noah", "Bernard"],
  ["Mia", "Dubois"],
  ["Liam", "Thomas"],
  ["Zoe", "Robert"],
  ["Ethan", "Petit"],
  ["Lea", "Richard"],
  ["Hugo", "Durand"],
  ["Chloe", "Leroy"],
  ["Louis", "Moreau"],
  ["Emma", "Simon"],
  ["Jules", "Laurent"],
] as const;

/** First product id of the dev store's own numbering (variants are product id + 100). */
const VARIANT_OFFSET = 100;

export function seedShop(domain: string): DevShopSnapshot {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  const state = new ShopState();
  state.currencyCode = "USD";
  state.shop = {
    id: "gid://shopify/Shop/1",
    name: handle === "demo" ? "Demo Snow Shop" : `${titleCase(handle)} (dev store)`,
    email: `owner@${handle}.example`,
    ianaTimezone: "America/New_York",
  };
  for (const collection of SEED_COLLECTIONS) {
    state.addCollection({ id: `gid://shopify/Collection/${collection.id}`, title: collection.title });
  }
  for (const product of SEED_PRODUCTS) {
    state.addProduct({
      id: `gid://shopify/Product/${product.id}`,
      title: product.title,
      productType: product.productType,
      vendor: product.vendor,
      priceMinor: product.price,
      variantId: String(product.id + VARIANT_OFFSET),
      sku: `SKU-${product.id}`,
      collectionIds: product.collections.map((id) => `gid://shopify/Collection/${id}`),
    });
  }
  const created = "2026-01-05T10:00:00-05:00";
  SEED_CUSTOMERS.forEach(([firstName, lastName], index) => {
    state.addCustomer({
      id: `gid://shopify/Customer/${index + 1}`,
      firstName,
      lastName,
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com`,
      phone: null,
      createdAt: created,
    });
  });
  return {
    version: 1,
    domain,
    admin: state.toJSON(),
    orders: [],
    tokens: [],
    deliveries: [],
    staff: { id: "9001", firstName: "Dana", lastName: "Admin", email: `dana@${handle}.example` },
    counters: { order: 1001, orderNumber: 1001, lineItem: 5001, refund: 7001, customer: SEED_CUSTOMERS.length + 1 },
  };
}

function titleCase(text: string): string {
  return text.replace(/(^|[-_])(\w)/g, (_, sep: string, c: string) => (sep ? " " : "") + c.toUpperCase());
}
