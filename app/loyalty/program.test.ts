import { describe, expect, it } from "vitest";
import { calculateOrderPoints } from "./calculators";
import { LoyaltyError } from "./errors";
import {
  assertProgramLive,
  DEFAULT_PROGRAM_SETTINGS,
  earningRulesOf,
  parseProgramSettings,
  programSettingsSchema,
  tierProgramOf,
  type ProgramSettings,
} from "./program";
import { evaluateTier, tierMultiplier } from "./tiers";

function invalidSettings(input: unknown): LoyaltyError {
  try {
    parseProgramSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).code).toBe("INVALID_INPUT");
    return error as LoyaltyError;
  }
  throw new Error("expected INVALID_INPUT");
}

/** A deep, mutable copy of the defaults with some fields replaced. */
function settings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(DEFAULT_PROGRAM_SETTINGS), ...overrides };
}

const COLLECTION = "gid://shopify/Collection/123";

describe("DEFAULT_PROGRAM_SETTINGS", () => {
  it("is valid and parses to itself", () => {
    expect(parseProgramSettings(settings())).toEqual(DEFAULT_PROGRAM_SETTINGS);
  });

  it("is 1 pt/$ with Bronze, Silver and Gold on lifetime points, live", () => {
    expect(DEFAULT_PROGRAM_SETTINGS).toMatchObject({
      baseRateMilli: 1000,
      includeShipping: false,
      includeTax: false,
      signupBonusPoints: 0,
      maxPointsPerOrder: 100_000,
      vestingDays: 0,
      expiryDays: null,
      refundPolicy: "clampAtZero",
      status: "live",
    });
    expect(DEFAULT_PROGRAM_SETTINGS.tierProgram.tiers.map((t) => [t.name, t.threshold, t.multiplierMilli])).toEqual([
      ["Bronze", 0, 1000],
      ["Silver", 500, 1250],
      ["Gold", 1500, 1500],
    ]);
  });

  it("cannot be mutated by accident", () => {
    expect(Object.isFrozen(DEFAULT_PROGRAM_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROGRAM_SETTINGS.tierProgram.tiers[0])).toBe(true);
  });
});

describe("parseProgramSettings", () => {
  it("accepts rates and trims text", () => {
    const parsed = parseProgramSettings(
      settings({
        productTypeRates: [{ productType: "  Snowboards ", rateMilli: 3000 }],
        collectionRates: [{ collectionGid: COLLECTION, title: " Summer ", rateMilli: 2000 }],
        expiryDays: 365,
        vestingDays: 30,
        status: "paused",
      }),
    );
    expect(parsed.productTypeRates).toEqual([{ productType: "Snowboards", rateMilli: 3000 }]);
    expect(parsed.collectionRates[0]?.title).toBe("Summer");
    expect(parsed.expiryDays).toBe(365);
  });

  it("takes the most points one order can earn, and explains a bad one in the merchant's words", () => {
    expect(parseProgramSettings(settings({ maxPointsPerOrder: 250_000 })).maxPointsPerOrder).toBe(250_000);
    const tooSmall = invalidSettings(settings({ maxPointsPerOrder: 0 }));
    expect(tooSmall.fieldErrors).toEqual({ maxPointsPerOrder: "The most one order can earn must be at least 1 point (pause the program to stop earning)" });
    const tooLarge = invalidSettings(settings({ maxPointsPerOrder: 5_000_000_000 }));
    expect(tooLarge.fieldErrors?.maxPointsPerOrder).toBe("The most one order can earn must be at most 1,000,000,000 points");
  });

  it("drops unknown keys", () => {
    expect(parseProgramSettings(settings({ legacyField: 1 }))).not.toHaveProperty("legacyField");
  });

  it.each([
    ["baseRateMilli", { baseRateMilli: -1 }],
    ["baseRateMilli", { baseRateMilli: 100_001 }],
    ["baseRateMilli", { baseRateMilli: 1.5 }],
    ["baseRateMilli", { baseRateMilli: "1000" }],
    ["productTypeRates.0.productType", { productTypeRates: [{ productType: "  ", rateMilli: 1000 }] }],
    ["productTypeRates.0.rateMilli", { productTypeRates: [{ productType: "Wax", rateMilli: -5 }] }],
    ["collectionRates.0.collectionGid", { collectionRates: [{ collectionGid: "123", title: "Summer", rateMilli: 1000 }] }],
    [
      "collectionRates.0.collectionGid",
      { collectionRates: [{ collectionGid: "gid://shopify/Product/1", title: "Summer", rateMilli: 1000 }] },
    ],
    ["includeShipping", { includeShipping: "yes" }],
    ["signupBonusPoints", { signupBonusPoints: 100_001 }],
    ["maxPointsPerOrder", { maxPointsPerOrder: 0 }],
    ["maxPointsPerOrder", { maxPointsPerOrder: 1_000_000_001 }],
    ["maxPointsPerOrder", { maxPointsPerOrder: 2.5 }],
    ["maxPointsPerOrder", { maxPointsPerOrder: undefined }],
    ["vestingDays", { vestingDays: 366 }],
    ["expiryDays", { expiryDays: 0 }],
    ["expiryDays", { expiryDays: 3651 }],
    ["expiryDays", { expiryDays: undefined }],
    ["refundPolicy", { refundPolicy: "forgive" }],
    ["status", { status: "archived" }],
    ["tierProgram.basis", { tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, basis: "orders" } }],
    ["tierProgram.window", { tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, window: "month" } }],
    [
      "tierProgram.tiers.0.multiplierMilli",
      { tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, tiers: [{ id: "a", name: "A", threshold: 0, multiplierMilli: 999 }] } },
    ],
    [
      "tierProgram.tiers.0.name",
      { tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, tiers: [{ id: "a", name: " ", threshold: 0, multiplierMilli: 1000 }] } },
    ],
  ])("reports %s", (path, overrides) => {
    const error = invalidSettings(settings(overrides));
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([path]);
    // The merchant's words: no internal path, no schema text, no milli-units.
    expect(error.message).toMatch(/^Nothing was saved\. /);
    expect(error.message).not.toContain(path);
    expect(error.message).not.toMatch(/expected|Milli|Invalid input/);
  });

  it("reports every invalid field at once", () => {
    const error = invalidSettings(settings({ baseRateMilli: -1, vestingDays: -1 }));
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["baseRateMilli", "vestingDays"]);
  });

  it("rejects a product type or a collection rated twice", () => {
    const types = invalidSettings(
      settings({
        productTypeRates: [
          { productType: "Wax", rateMilli: 1000 },
          { productType: " wax", rateMilli: 2000 },
        ],
      }),
    );
    expect(types.fieldErrors).toEqual({ "productTypeRates.1.productType": 'Product type "wax" is rated twice' });
    const collections = invalidSettings(
      settings({
        collectionRates: [
          { collectionGid: COLLECTION, title: "Summer", rateMilli: 1000 },
          { collectionGid: COLLECTION, title: "Summer again", rateMilli: 2000 },
        ],
      }),
    );
    expect(Object.keys(collections.fieldErrors ?? {})).toEqual(["collectionRates.1.collectionGid"]);
  });

  it("runs the tier program rules (duplicate thresholds) with prefixed paths", () => {
    const tiers = [
      { id: "a", name: "A", threshold: 0, multiplierMilli: 1000 },
      { id: "b", name: "B", threshold: 0, multiplierMilli: 1200 },
    ];
    const error = invalidSettings(settings({ tierProgram: { ...DEFAULT_PROGRAM_SETTINGS.tierProgram, tiers } }));
    expect(error.fieldErrors).toEqual({ "tierProgram.tiers.1.threshold": 'Tier “B” must start above “A” (both start at 0)' });
  });

  it("reports a missing field and a non-object", () => {
    const withoutStatus = settings();
    delete withoutStatus.status;
    expect(Object.keys(invalidSettings(withoutStatus).fieldErrors ?? {})).toEqual(["status"]);
    expect(Object.keys(invalidSettings(null).fieldErrors ?? {})).toEqual(["settings"]);
  });

  it("exposes the schema for forms", () => {
    expect(programSettingsSchema.safeParse(DEFAULT_PROGRAM_SETTINGS).success).toBe(true);
  });
});

describe("earningRulesOf and tierProgramOf", () => {
  const custom: ProgramSettings = parseProgramSettings(
    settings({
      baseRateMilli: 2000,
      productTypeRates: [{ productType: "Snowboards", rateMilli: 5000 }],
      includeTax: true,
    }),
  );

  it("pick what the calculators and tiers need", () => {
    expect(earningRulesOf(custom)).toEqual({
      baseRateMilli: 2000,
      productTypeRates: [{ productType: "Snowboards", rateMilli: 5000 }],
      collectionRates: [],
      includeShipping: false,
      includeTax: true,
      maxPointsPerOrder: 100_000,
    });
    expect(tierProgramOf(custom)).toEqual(DEFAULT_PROGRAM_SETTINGS.tierProgram);
  });

  it("feed an earn calculation end to end", () => {
    const program = tierProgramOf(DEFAULT_PROGRAM_SETTINGS);
    const multiplier = tierMultiplier(program, evaluateTier(program, 600).current);
    const calc = calculateOrderPoints(
      {
        orderGid: "gid://shopify/Order/1",
        currency: "USD",
        lines: [
          {
            lineGid: "gid://shopify/LineItem/1",
            productGid: "gid://shopify/Product/1",
            title: "Snowboard",
            quantity: 1,
            amountMinor: 10_000,
            taxMinor: 800,
            productType: "Snowboards",
            collectionGids: [],
            giftCard: false,
          },
        ],
        shippingMinor: 1000,
        shippingTaxMinor: 0,
      },
      earningRulesOf(DEFAULT_PROGRAM_SETTINGS),
      multiplier,
    );
    expect(calc.points).toBe(125);
    expect(calc.explanation).toBe("1 × Snowboard $100.00 (base rate, 1 pt/$) + tier Silver ×1.25 = 125 pts");
  });
});

describe("assertProgramLive", () => {
  it("passes a live program", () => {
    expect(() => assertProgramLive({ status: "live" })).not.toThrow();
  });

  it.each([
    ["paused", "The loyalty program is paused"],
    ["draft", "The loyalty program is still a draft"],
  ] as const)("stops a %s program", (status, message) => {
    expect(() => assertProgramLive({ status })).toThrow(message);
    try {
      assertProgramLive({ status });
    } catch (error) {
      expect((error as LoyaltyError).code).toBe("PROGRAM_PAUSED");
    }
  });
});
