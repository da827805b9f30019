import { describe, expect, it } from "vitest";
import { validateAdminOperation } from "../../../tests/support/admin-schema";
import { expectInvalidInput } from "../../../tests/support/loyalty";
import type { AdminGraphql } from "../admin-graphql.server";
import { ShopifyUserError } from "../errors";
import {
  buildBasicDiscountInput,
  buildFreeShippingDiscountInput,
  createRewardDiscount,
  deleteRewardDiscount,
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  findDiscountByCode,
  type RewardDiscountInput,
} from "./discounts";

const CUSTOMER = "gid://shopify/Customer/7";

const fiveOff: RewardDiscountInput = {
  code: "PTS-ABCD-EFGH",
  title: "Loyalty reward: $5 off (PTS-ABCD-EFGH)",
  customerGid: CUSTOMER,
  kind: "fixed_amount",
  amountMinor: 500,
  currency: "USD",
  minimumOrderMinor: null,
  startsAt: new Date("2026-11-23T10:00:00Z"),
  endsAt: new Date("2026-12-23T10:00:00Z"),
};
const tenPercent: RewardDiscountInput = {
  ...fiveOff,
  kind: "percentage",
  amountMinor: undefined,
  percentBasisPoints: 1000,
  minimumOrderMinor: 2000,
};
const freeShipping: RewardDiscountInput = { ...fiveOff, kind: "free_shipping", amountMinor: undefined };

/** An AdminGraphql that answers from a list and records what it was asked. */
function scriptedAdmin(...answers: unknown[]) {
  const calls: { document: string; variables: Record<string, unknown> | undefined }[] = [];
  const admin = (async (document: string, variables?: Record<string, unknown>) => {
    calls.push({ document, variables });
    if (answers.length === 0) throw new Error("no scripted answer left");
    return answers.shift();
  }) as AdminGraphql;
  return { admin, calls };
}

describe("buildBasicDiscountInput", () => {
  it("sends a fixed amount as an exact Decimal, single use, locked to the customer", () => {
    expect(buildBasicDiscountInput(fiveOff)).toStrictEqual({
      code: "PTS-ABCD-EFGH",
      title: "Loyalty reward: $5 off (PTS-ABCD-EFGH)",
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: "2026-12-23T10:00:00.000Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [CUSTOMER] } },
      combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
      customerGets: {
        items: { all: true },
        value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } },
      },
    });
  });

  it("sends a percentage as a 0..1 fraction, with the minimum order as a subtotal requirement", () => {
    expect(buildBasicDiscountInput(tenPercent)).toStrictEqual({
      code: "PTS-ABCD-EFGH",
      title: "Loyalty reward: $5 off (PTS-ABCD-EFGH)",
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: "2026-12-23T10:00:00.000Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [CUSTOMER] } },
      combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20.00" } },
      customerGets: { items: { all: true }, value: { percentage: 0.1 } },
    });
  });

  it("converts basis points without float noise", () => {
    const percentage = (bps: number) => {
      const { value } = buildBasicDiscountInput({ ...tenPercent, percentBasisPoints: bps }).customerGets;
      return "percentage" in value ? JSON.stringify(value.percentage) : null;
    };
    expect([1, 333, 1000, 1250, 3333, 10000].map(percentage)).toEqual([
      "0.0001",
      "0.0333",
      "0.1",
      "0.125",
      "0.3333",
      "1",
    ]);
  });

  it("uses the currency's own exponent for every amount", () => {
    const yen = buildBasicDiscountInput({ ...fiveOff, currency: "JPY", amountMinor: 500, minimumOrderMinor: 3000 });
    expect(yen.customerGets.value).toEqual({ discountAmount: { amount: "500", appliesOnEachItem: false } });
    expect(yen.minimumRequirement).toEqual({ subtotal: { greaterThanOrEqualToSubtotal: "3000" } });

    const dinar = buildBasicDiscountInput({ ...fiveOff, currency: "kwd", amountMinor: 1250, minimumOrderMinor: 5 });
    expect(dinar.customerGets.value).toEqual({ discountAmount: { amount: "1.250", appliesOnEachItem: false } });
    expect(dinar.minimumRequirement).toEqual({ subtotal: { greaterThanOrEqualToSubtotal: "0.005" } });
  });

  it("treats a minimum order of 0 as none, and leaves the key out", () => {
    for (const minimumOrderMinor of [0, null, undefined]) {
      expect(buildBasicDiscountInput({ ...fiveOff, minimumOrderMinor })).not.toHaveProperty("minimumRequirement");
    }
  });

  it("reads only the value of its kind", () => {
    const mixed = buildBasicDiscountInput({ ...fiveOff, percentBasisPoints: 5000 });
    expect(mixed.customerGets.value).toEqual({ discountAmount: { amount: "5.00", appliesOnEachItem: false } });
    const percent = buildBasicDiscountInput({ ...tenPercent, amountMinor: 999 });
    expect(percent.customerGets.value).toEqual({ percentage: 0.1 });
  });
});

describe("buildFreeShippingDiscountInput", () => {
  it("sends free shipping to all countries, combinable with order discounts but not its own class", () => {
    expect(buildFreeShippingDiscountInput({ ...freeShipping, minimumOrderMinor: 4000 })).toStrictEqual({
      code: "PTS-ABCD-EFGH",
      title: "Loyalty reward: $5 off (PTS-ABCD-EFGH)",
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: "2026-12-23T10:00:00.000Z",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [CUSTOMER] } },
      combinesWith: { productDiscounts: false, orderDiscounts: true, shippingDiscounts: false },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "40.00" } },
      destination: { all: true },
    });
  });

  it("ignores amounts a free-shipping reward does not use", () => {
    const input = buildFreeShippingDiscountInput({ ...freeShipping, amountMinor: 500, percentBasisPoints: 1000 });
    expect(input).not.toHaveProperty("customerGets");
  });
});

describe("what the builders send is valid against the 2026-10 schema", () => {
  it.each([
    ["fixed amount", fiveOff],
    ["percentage", tenPercent],
  ])("%s", (_name, input) => {
    const variables = { basicCodeDiscount: buildBasicDiscountInput(input) };
    expect(validateAdminOperation(DISCOUNT_CODE_BASIC_CREATE, variables)).toEqual([]);
  });

  it("free shipping", () => {
    const input = buildFreeShippingDiscountInput({ ...freeShipping, minimumOrderMinor: 1 });
    const variables = { freeShippingCodeDiscount: input };
    expect(validateAdminOperation(DISCOUNT_CODE_FREE_SHIPPING_CREATE, variables)).toEqual([]);
  });

  it("context is @oneOf in 2026-10: customers and all together are refused", () => {
    const context = { all: "ALL", customers: { add: [CUSTOMER] } };
    const basicCodeDiscount = { ...buildBasicDiscountInput(fiveOff), context };
    expect(validateAdminOperation(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount })).toEqual([
      expect.stringContaining("Exactly one key must be specified for OneOf type \"DiscountContextInput\""),
    ]);
  });
});

describe("input validation (LoyaltyError INVALID_INPUT, before any request)", () => {
  it.each<[string, Partial<RewardDiscountInput>, string]>([
    ["a blank code", { code: "  " }, "code"],
    ["a code with surrounding spaces", { code: " PTS-1 " }, "code"],
    ["a code over 255 characters", { code: "X".repeat(256) }, "code"],
    ["a blank title", { title: "" }, "title"],
    ["a two-line title", { title: "Reward\nfor you" }, "title"],
    ["a customer id that is not a Customer GID", { customerGid: "gid://shopify/Order/7" }, "customerGid"],
    ["an end before the start", { endsAt: new Date("2026-11-23T09:59:59Z") }, "endsAt"],
    ["an end equal to the start", { endsAt: new Date("2026-11-23T10:00:00Z") }, "endsAt"],
    ["an invalid date", { startsAt: new Date("nope") }, "startsAt"],
    ["a fractional minimum", { minimumOrderMinor: 10.5 }, "minimumOrderMinor"],
    ["a negative minimum", { minimumOrderMinor: -1 }, "minimumOrderMinor"],
    ["a missing amount", { amountMinor: undefined }, "amountMinor"],
    ["a zero amount", { amountMinor: 0 }, "amountMinor"],
    ["a fractional amount", { amountMinor: 4.99 }, "amountMinor"],
  ])("refuses %s", (_name, change, field) => {
    const error = expectInvalidInput(() => buildBasicDiscountInput({ ...fiveOff, ...change }));
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
  });

  it.each([undefined, 0, 10_001, 12.5, -1000])("refuses a percentage of %s basis points", (percentBasisPoints) => {
    const error = expectInvalidInput(() => buildBasicDiscountInput({ ...tenPercent, percentBasisPoints }));
    expect(error.message).toBe(
      `A percentage reward needs 1 to 10000 basis points (0.01% to 100%), got ${percentBasisPoints}`
    );
  });

  it("refuses an unknown currency and the wrong builder for the kind", () => {
    expectInvalidInput(() => buildBasicDiscountInput({ ...fiveOff, currency: "dollars" }));
    expectInvalidInput(() => buildBasicDiscountInput(freeShipping));
    expectInvalidInput(() => buildFreeShippingDiscountInput(fiveOff));
    expectInvalidInput(() => buildFreeShippingDiscountInput({ ...freeShipping, code: "" }));
  });

  it("throws before calling Shopify", async () => {
    const { admin, calls } = scriptedAdmin();
    await expect(createRewardDiscount(admin, { ...fiveOff, amountMinor: undefined })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(findDiscountByCode(admin, " ")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(calls).toEqual([]);
  });
});

describe("createRewardDiscount", () => {
  const created = (field: string, code = "PTS-ABCD-EFGH") => ({
    [field]: {
      codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/9", codeDiscount: { codes: { nodes: [{ code }] } } },
      userErrors: [],
    },
  });

  it("chooses the mutation by kind and answers the node id and the code", async () => {
    const { admin, calls } = scriptedAdmin(
      created("discountCodeBasicCreate"),
      created("discountCodeBasicCreate"),
      created("discountCodeFreeShippingCreate")
    );
    for (const input of [fiveOff, tenPercent, freeShipping]) {
      await expect(createRewardDiscount(admin, input)).resolves.toEqual({
        discountGid: "gid://shopify/DiscountCodeNode/9",
        code: "PTS-ABCD-EFGH",
      });
    }
    expect(calls.map((c) => [c.document, Object.keys(c.variables ?? {})])).toEqual([
      [DISCOUNT_CODE_BASIC_CREATE, ["basicCodeDiscount"]],
      [DISCOUNT_CODE_BASIC_CREATE, ["basicCodeDiscount"]],
      [DISCOUNT_CODE_FREE_SHIPPING_CREATE, ["freeShippingCodeDiscount"]],
    ]);
    expect(calls[2]?.variables?.freeShippingCodeDiscount).toEqual(buildFreeShippingDiscountInput(freeShipping));
  });

  it("throws userErrors as ShopifyUserError", async () => {
    const { admin } = scriptedAdmin({
      discountCodeBasicCreate: {
        codeDiscountNode: null,
        userErrors: [
          {
            field: ["basicCodeDiscount", "code"],
            message: "Code must be unique. Please try a different code.",
            code: "TAKEN",
          },
        ],
      },
    });
    const error = await createRewardDiscount(admin, fiveOff).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUserError);
    expect((error as Error).message).toBe(
      "Shopify rejected discountCodeBasicCreate: " +
        "basicCodeDiscount.code: Code must be unique. Please try a different code. (TAKEN)"
    );
  });

  it("refuses an answer with neither a discount nor userErrors", async () => {
    const { admin } = scriptedAdmin({ discountCodeFreeShippingCreate: { codeDiscountNode: null, userErrors: [] } });
    await expect(createRewardDiscount(admin, freeShipping)).rejects.toThrow(
      'discountCodeFreeShippingCreate answered neither a discount nor userErrors for code "PTS-ABCD-EFGH"'
    );
  });
});

describe("findDiscountByCode and deleteRewardDiscount", () => {
  it("maps a found node and a null", async () => {
    const { admin, calls } = scriptedAdmin(
      { codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/9" } },
      { codeDiscountNodeByCode: null }
    );
    await expect(findDiscountByCode(admin, "PTS-ABCD-EFGH")).resolves.toEqual({
      discountGid: "gid://shopify/DiscountCodeNode/9",
    });
    await expect(findDiscountByCode(admin, "PTS-NONE-NONE")).resolves.toBeNull();
    expect(calls.map((c) => c.variables)).toEqual([{ code: "PTS-ABCD-EFGH" }, { code: "PTS-NONE-NONE" }]);
  });

  it("answers false for a discount that does not exist, and throws any other refusal", async () => {
    const unknown = { field: ["id"], message: "Code discount does not exist.", code: "INVALID" };
    const { admin } = scriptedAdmin(
      { discountCodeDelete: { deletedCodeDiscountId: "gid://shopify/DiscountCodeNode/9", userErrors: [] } },
      { discountCodeDelete: { deletedCodeDiscountId: null, userErrors: [unknown] } },
      { discountCodeDelete: { deletedCodeDiscountId: null, userErrors: [{ ...unknown, field: null }] } }
    );
    await expect(deleteRewardDiscount(admin, "gid://shopify/DiscountCodeNode/9")).resolves.toBe(true);
    await expect(deleteRewardDiscount(admin, "gid://shopify/DiscountCodeNode/9")).resolves.toBe(false);
    await expect(deleteRewardDiscount(admin, "gid://shopify/DiscountCodeNode/9")).rejects.toBeInstanceOf(
      ShopifyUserError
    );
  });
});
