import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ShopifyUserError, throwIfUserErrors } from "../errors";
import {
  buildLoyaltyMetafieldDeletions,
  buildLoyaltyMetafields,
  METAFIELD_DEFINITIONS,
  type LoyaltyMetafieldsInput,
  type TierProgressJson,
} from "./metafields";

const gold: LoyaltyMetafieldsInput = {
  customerGid: "gid://shopify/Customer/7",
  balance: 1250,
  pending: 40,
  tierName: "Gold",
  progress: { nextTierName: "Platinum", remaining: 750, progressPermille: 625, message: "750 points to Platinum" },
};

describe("buildLoyaltyMetafields", () => {
  it("writes balance, tier and progress in the app namespace with the defined types", () => {
    expect(buildLoyaltyMetafields(gold)).toEqual([
      { ownerId: gold.customerGid, namespace: "$app", key: "points_balance", type: "number_integer", value: "1250" },
      { ownerId: gold.customerGid, namespace: "$app", key: "tier_progress", type: "json", value: expect.any(String) },
      { ownerId: gold.customerGid, namespace: "$app", key: "points_expiring", type: "json", value: '{"points":0}' },
      { ownerId: gold.customerGid, namespace: "$app", key: "tier", type: "single_line_text_field", value: "Gold" },
    ]);
  });

  it("writes the next expiring points, or { points: 0 } when none are ahead (never a blank value)", () => {
    const expiring = { points: 240, expires_on: "2027-01-04", expires_at_s: 1_798_934_400 };
    const written = buildLoyaltyMetafields({ ...gold, expiring }).find((m) => m.key === "points_expiring");
    expect(JSON.parse(written?.value ?? "null")).toEqual(expiring);
    const none = buildLoyaltyMetafields({ ...gold, expiring: { points: 0 } }).find((m) => m.key === "points_expiring");
    expect(none?.value).toBe('{"points":0}');
    expect(() => buildLoyaltyMetafields({ ...gold, expiring: { ...expiring, points: 1.5 } })).toThrow(RangeError);
  });

  it("serializes progress as snake_case JSON with pending points", () => {
    const progress = buildLoyaltyMetafields(gold).find((m) => m.key === "tier_progress");
    expect(JSON.parse(progress?.value ?? "null")).toEqual({
      tier: "Gold",
      next_tier: "Platinum",
      remaining: 750,
      progress_permille: 625,
      message: "750 points to Platinum",
      pending_points: 40,
    } satisfies TierProgressJson);
  });

  it("leaves out the tier when there is none (Shopify refuses a blank value) and deletes it instead", () => {
    for (const tierName of ["", "   ", null]) {
      const metafields = buildLoyaltyMetafields({ ...gold, tierName });
      expect(metafields.map((m) => m.key)).toEqual(["points_balance", "tier_progress", "points_expiring"]);
      expect(JSON.parse(metafields[1]?.value ?? "null")).toMatchObject({ tier: null });
      expect(buildLoyaltyMetafieldDeletions({ customerGid: gold.customerGid, tierName })).toEqual([
        { ownerId: gold.customerGid, namespace: "$app", key: "tier" },
      ]);
    }
    expect(buildLoyaltyMetafieldDeletions(gold)).toEqual([]);
  });

  it("puts a tier name on one line (single_line_text_field)", () => {
    const tier = buildLoyaltyMetafields({ ...gold, tierName: " Gold\nPlus " }).find((m) => m.key === "tier");
    expect(tier?.value).toBe("Gold Plus");
  });

  it("allows a negative balance (a clawback can exceed what is left) but never a fraction", () => {
    expect(buildLoyaltyMetafields({ ...gold, balance: -20 })[0]?.value).toBe("-20");
    expect(() => buildLoyaltyMetafields({ ...gold, balance: 12.5 })).toThrow("balance must be an integer");
    expect(() => buildLoyaltyMetafields({ ...gold, pending: -1 })).toThrow("pending must be an integer between 0");
    expect(() => buildLoyaltyMetafields({ ...gold, progress: { ...gold.progress, progressPermille: 1001 } })).toThrow(
      "progress.progressPermille must be an integer between 0 and 1000"
    );
  });
});

describe("METAFIELD_DEFINITIONS", () => {
  it("matches shopify.app.toml's customer metafields", () => {
    const toml = readFileSync(new URL("../../../shopify.app.toml", import.meta.url), "utf8");
    for (const definition of METAFIELD_DEFINITIONS) {
      const section = tomlSection(toml, `customer.metafields.app.${definition.key}`);
      expect(section, definition.key).toEqual({
        type: definition.type,
        name: definition.name,
        description: definition.description,
        "access.admin": definition.adminAccess,
        "access.storefront": definition.storefrontAccess,
      });
    }
  });
});

describe("throwIfUserErrors", () => {
  it("throws the userErrors as a ShopifyUserError that names the field", () => {
    const userErrors = [
      { field: ["metafields", "0", "value"], message: "Value must be an integer.", code: "INVALID_VALUE" },
    ];
    expect(() => throwIfUserErrors("metafieldsSet", userErrors)).toThrow(ShopifyUserError);
    expect(() => throwIfUserErrors("metafieldsSet", userErrors)).toThrow(
      "Shopify rejected metafieldsSet: metafields.0.value: Value must be an integer. (INVALID_VALUE)"
    );
  });

  it("is silent when there are none", () => {
    expect(() => throwIfUserErrors("metafieldsSet", [])).not.toThrow();
    expect(() => throwIfUserErrors("metafieldsSet", undefined)).not.toThrow();
  });
});

/** The `key = "string"` lines of one `[table]` of a flat TOML file (enough for shopify.app.toml's metafields). */
function tomlSection(toml: string, table: string): Record<string, string> | undefined {
  const lines = toml.split("\n");
  const start = lines.findIndex((line) => line.trim() === `[${table}]`);
  if (start < 0) return undefined;
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith("[")) break;
    const match = /^\s*([\w.]+)\s*=\s*"([^"]*)"\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) entries[match[1]] = match[2];
  }
  return entries;
}
