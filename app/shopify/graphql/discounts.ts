/**
 * Reward discount codes: one single-use code per redemption, locked to the member who spent the points.
 *
 * Rules:
 * - Fixed amount and percentage rewards are `discountCodeBasicCreate` on all items (Shopify files that under the
 *   ORDER discount class); free shipping is `discountCodeFreeShippingCreate` to all countries (SHIPPING class).
 *   A points slider's code is a fixed amount (the amount the shopper chose). A free product is `discountCodeBasicCreate`
 *   on the one variant (`items.products.productVariantsToAdd`, PRODUCT class) for the variant's unit price, once
 *   (`appliesOnEachItem: false`): one unit free, whatever the quantity in the cart. An amount-off code cannot cap
 *   the quantity a percentage applies to, so "100% off" would free every unit; the price is read from Shopify
 *   (`FREE_PRODUCT_VARIANT`) just before the code is made, so it is the price of the day.
 * - Every code: usageLimit 1, appliesOncePerCustomer, and eligible to one customer only. In 2026-10 that is
 *   `context: { customers: { add: [gid] } }` (`DiscountContextInput` is @oneOf); `customerSelection` is deprecated.
 * - combinesWith (both sides of a pair must allow each other):
 *     amount/percentage off → product no, order no, shipping YES
 *     free shipping         → product no, order YES, shipping no
 *   No stacking with product discounts (sales stay as the merchant priced them) nor with another order discount
 *   (two reward codes never stack on one order), but a reward's amount off and a free-shipping reward or promotion
 *   work together. A shipping discount may not name its own class: Shopify refuses `shippingDiscounts: true` on
 *   free shipping (INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS).
 * - Money is shop minor units, sent as Shopify's Decimal in the shop currency: an exact string from the currency's
 *   exponent (500 USD → "5.00", 500 JPY → "500"), never a float. Percentages are basis points (1..10000) sent as a
 *   0..1 fraction (1000 → 0.1). A minimum order of 0 is no minimum.
 * - Only the value of the chosen kind is read (a reward row may carry nulls or leftovers for the others).
 * - Not sent: appliesOnSubscription / appliesOnOneTimePurchase / recurringCycleLimit (Shopify's defaults are one-time
 *   purchases; subscription settings are gated on shops that sell subscriptions), tags.
 * - Bad input is refused before any request (LoyaltyError INVALID_INPUT): the discount then certainly does not exist.
 *   userErrors become ShopifyUserError; transport failures keep the classes of `../errors`.
 * - codeDiscountNodeByCode matches codes case-insensitively (documented); our codes are uppercase anyway.
 * - Query cost by the documented rules: each mutation 10; DISCOUNT_BY_CODE 1 (it selects only the node id).
 */
import { LoyaltyError } from "~/loyalty/errors";
import { currencyExponent, minorToDecimalString, toMinorUnits } from "~/loyalty/money";
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors, type UserErrorDetail } from "../errors";

export type RewardDiscountKind = "fixed_amount" | "percentage" | "free_shipping" | "free_product";

export interface RewardDiscountInput {
  code: string;
  title: string;
  /** The one customer who may use it; null: any buyer (a referral's friend code, claimed before signing in). */
  customerGid: string | null;
  kind: RewardDiscountKind;
  /** fixed_amount: shop minor units, > 0; free_product: the variant's unit price. */
  amountMinor?: number;
  /** free_product: the variant that is free (one unit). */
  variantGid?: string;
  /** The shop currency, for the minor-unit exponent of every amount sent. */
  currency: string;
  /** percentage: 1..10000 (1000 = 10%). */
  percentBasisPoints?: number;
  /** Minimum order subtotal in shop minor units; null, undefined or 0: no minimum. */
  minimumOrderMinor?: number | null;
  startsAt: Date;
  endsAt: Date;
}

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation CreateRewardBasicDiscount($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            codes(first: 1) { nodes { code } }
          }
        }
      }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation CreateRewardFreeShippingDiscount($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeFreeShipping {
            codes(first: 1) { nodes { code } }
          }
        }
      }
      userErrors { field message code }
    }
  }
`;

/** A free product's variant: its unit price (shop currency) and title, read just before its code is made. */
export const FREE_PRODUCT_VARIANT = `#graphql
  query FreeProductVariant($id: ID!) {
    productVariant(id: $id) {
      id
      price
      product { id title }
    }
  }
`;

/** Case-insensitive lookup; null when no code discount has this code (never created, or deleted). */
export const DISCOUNT_BY_CODE = `#graphql
  query RewardDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;

export const DISCOUNT_CODE_DELETE = `#graphql
  mutation DeleteRewardDiscount($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors { field message code }
    }
  }
`;

// ---- The GraphQL input this module sends (the subset of Shopify's input types it uses) -------------------------

export interface DiscountCombinesWithInput {
  productDiscounts: boolean;
  orderDiscounts: boolean;
  shippingDiscounts: boolean;
}

export type DiscountContextInput = { customers: { add: string[] } } | { all: "ALL" };

export interface DiscountMinimumRequirementInput {
  subtotal: { greaterThanOrEqualToSubtotal: string };
}

export type DiscountCustomerGetsValueInput =
  | { percentage: number }
  | { discountAmount: { amount: string; appliesOnEachItem: boolean } };

export type DiscountItemsInput = { all: true } | { products: { productVariantsToAdd: string[] } };

export interface DiscountCustomerGetsInput {
  items: DiscountItemsInput;
  value: DiscountCustomerGetsValueInput;
}

interface RewardDiscountCommonInput {
  code: string;
  title: string;
  startsAt: string;
  endsAt: string;
  usageLimit: number;
  appliesOncePerCustomer: boolean;
  context: DiscountContextInput;
  combinesWith: DiscountCombinesWithInput;
  /** Absent when there is no minimum. */
  minimumRequirement?: DiscountMinimumRequirementInput;
}

export interface DiscountCodeBasicInput extends RewardDiscountCommonInput {
  customerGets: DiscountCustomerGetsInput;
}

export interface DiscountCodeFreeShippingInput extends RewardDiscountCommonInput {
  destination: { all: true };
}

export const BASIC_COMBINES_WITH: Readonly<DiscountCombinesWithInput> = {
  productDiscounts: false,
  orderDiscounts: false,
  shippingDiscounts: true,
};

export const FREE_SHIPPING_COMBINES_WITH: Readonly<DiscountCombinesWithInput> = {
  productDiscounts: false,
  orderDiscounts: true,
  shippingDiscounts: false,
};

// ---- Results ----------------------------------------------------------------------------------------------------

type DiscountUserError = UserErrorDetail & { field: string[] | null; code: string | null };

interface CreatedCodeDiscountNode {
  id: string;
  /** `{}` only if Shopify answered with another discount type than the mutation creates. */
  codeDiscount: { codes?: { nodes: { code: string }[] } };
}

interface CodeDiscountCreatePayload {
  codeDiscountNode: CreatedCodeDiscountNode | null;
  userErrors: DiscountUserError[];
}

export interface DiscountCodeBasicCreateResult {
  discountCodeBasicCreate: CodeDiscountCreatePayload | null;
}

export interface DiscountCodeFreeShippingCreateResult {
  discountCodeFreeShippingCreate: CodeDiscountCreatePayload | null;
}

export interface DiscountByCodeResult {
  codeDiscountNodeByCode: { id: string } | null;
}

export interface FreeProductVariantResult {
  productVariant: { id: string; price: string; product: { id: string; title: string } } | null;
}

export interface DiscountCodeDeleteResult {
  discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: DiscountUserError[] } | null;
}

// ---- Builders ---------------------------------------------------------------------------------------------------

/** Shopify's limit on titles and codes. */
export const MAX_DISCOUNT_TEXT_LENGTH = 255;
export const MAX_PERCENT_BASIS_POINTS = 10_000;
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;

export function buildBasicDiscountInput(input: RewardDiscountInput): DiscountCodeBasicInput {
  if (input.kind === "free_shipping") {
    throw invalid("kind", "A free-shipping reward is created with buildFreeShippingDiscountInput");
  }
  const common = buildCommonInput(input);
  const value: DiscountCustomerGetsValueInput =
    input.kind === "fixed_amount" || input.kind === "free_product"
      ? { discountAmount: { amount: requireAmount(input), appliesOnEachItem: false } }
      : { percentage: requirePercentage(input) };
  const items: DiscountItemsInput = input.kind === "free_product" ? { products: { productVariantsToAdd: [requireVariant(input)] } } : { all: true };
  return { ...common, combinesWith: { ...BASIC_COMBINES_WITH }, customerGets: { items, value } };
}

export function buildFreeShippingDiscountInput(input: RewardDiscountInput): DiscountCodeFreeShippingInput {
  if (input.kind !== "free_shipping") {
    throw invalid("kind", `A ${input.kind} reward is created with buildBasicDiscountInput`);
  }
  return { ...buildCommonInput(input), combinesWith: { ...FREE_SHIPPING_COMBINES_WITH }, destination: { all: true } };
}

function buildCommonInput(input: RewardDiscountInput): Omit<RewardDiscountCommonInput, "combinesWith"> {
  const exponent = currencyExponent(input.currency); // throws INVALID_INPUT for a non-ISO code
  requireText("code", input.code);
  if (input.code !== input.code.trim()) {
    throw invalid("code", `A discount code must not start or end with spaces: "${input.code}"`);
  }
  requireText("title", input.title);
  if (input.customerGid !== null && !CUSTOMER_GID.test(input.customerGid)) {
    throw invalid("customerGid", `Not a Customer GID: "${input.customerGid}"`);
  }
  const startsAt = requireDate("startsAt", input.startsAt);
  const endsAt = requireDate("endsAt", input.endsAt);
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw invalid("endsAt", `A discount must end after it starts: ${endsAt} is not after ${startsAt}`);
  }

  const minimum = input.minimumOrderMinor ?? 0;
  if (!Number.isSafeInteger(minimum) || minimum < 0) {
    throw invalid("minimumOrderMinor", `A minimum order must be an integer ≥ 0 of minor units, got ${minimum}`);
  }
  return {
    code: input.code,
    title: input.title,
    startsAt,
    endsAt,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: input.customerGid === null ? { all: "ALL" } : { customers: { add: [input.customerGid] } },
    ...(minimum > 0
      ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: minorToDecimalString(minimum, exponent) } } }
      : {}),
  };
}

const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

function requireVariant(input: RewardDiscountInput): string {
  if (!input.variantGid || !VARIANT_GID.test(input.variantGid)) {
    throw invalid("variantGid", `A free-product reward needs a ProductVariant GID, got ${JSON.stringify(input.variantGid)}`);
  }
  return input.variantGid;
}

function requireAmount(input: RewardDiscountInput): string {
  const amount = input.amountMinor;
  if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0) {
    throw invalid("amountMinor", `A fixed-amount reward needs an amount > 0 in minor units, got ${amount}`);
  }
  return minorToDecimalString(amount, currencyExponent(input.currency));
}

/** Basis points → Shopify's 0..1 fraction. Integer ÷ 10000 is correctly rounded, so 1000 → 0.1, 333 → 0.0333. */
function requirePercentage(input: RewardDiscountInput): number {
  const bps = input.percentBasisPoints;
  if (bps === undefined || !Number.isSafeInteger(bps) || bps < 1 || bps > MAX_PERCENT_BASIS_POINTS) {
    throw invalid(
      "percentBasisPoints",
      `A percentage reward needs 1 to ${MAX_PERCENT_BASIS_POINTS} basis points (0.01% to 100%), got ${bps}`
    );
  }
  return bps / MAX_PERCENT_BASIS_POINTS;
}

function requireText(field: "code" | "title", value: string) {
  if (value.trim() === "") throw invalid(field, `A discount ${field} cannot be blank`);
  if (/[\r\n]/.test(value)) throw invalid(field, `A discount ${field} must be one line`);
  if (value.length > MAX_DISCOUNT_TEXT_LENGTH) {
    throw invalid(field, `A discount ${field} has at most ${MAX_DISCOUNT_TEXT_LENGTH} characters, got ${value.length}`);
  }
}

function requireDate(field: "startsAt" | "endsAt", value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(field, `${field} is not a valid date`);
  }
  return value.toISOString();
}

function invalid(field: string, message: string): LoyaltyError {
  return new LoyaltyError("INVALID_INPUT", message, { fieldErrors: { [field]: message } });
}

// ---- Calls ------------------------------------------------------------------------------------------------------

/**
 * Creates the reward's code at Shopify. Throws LoyaltyError INVALID_INPUT before any request for bad input,
 * ShopifyUserError when Shopify refuses it (e.g. TAKEN for a code that exists), or the transport errors of
 * `../errors` (then the outcome is unknown: look the code up with `findDiscountByCode`).
 */
export async function createRewardDiscount(
  admin: AdminGraphql,
  input: RewardDiscountInput
): Promise<{ discountGid: string; code: string }> {
  let operation: string;
  let payload: CodeDiscountCreatePayload | null | undefined;
  if (input.kind === "free_shipping") {
    operation = "discountCodeFreeShippingCreate";
    const result = await admin<DiscountCodeFreeShippingCreateResult>(DISCOUNT_CODE_FREE_SHIPPING_CREATE, {
      freeShippingCodeDiscount: buildFreeShippingDiscountInput(input),
    });
    payload = result.discountCodeFreeShippingCreate;
  } else {
    operation = "discountCodeBasicCreate";
    const result = await admin<DiscountCodeBasicCreateResult>(DISCOUNT_CODE_BASIC_CREATE, {
      basicCodeDiscount: buildBasicDiscountInput(input),
    });
    payload = result.discountCodeBasicCreate;
  }
  throwIfUserErrors(operation, payload?.userErrors);
  const node = payload?.codeDiscountNode;
  if (!node) throw new Error(`${operation} answered neither a discount nor userErrors for code "${input.code}"`);
  // The discount exists from here on: never report it as a failure. Shopify stores the code as sent.
  return { discountGid: node.id, code: node.codeDiscount.codes?.nodes[0]?.code ?? input.code };
}

/**
 * The unit price (shop minor units) and product title of a free product's variant. Throws LoyaltyError
 * INVALID_INPUT when Shopify has no such variant (deleted: the reward cannot be given) or its price is not money.
 */
export async function getFreeProductVariant(admin: AdminGraphql, variantGid: string, currency: string): Promise<{ priceMinor: number; productTitle: string }> {
  if (!VARIANT_GID.test(variantGid)) throw invalid("variantGid", `Not a ProductVariant GID: "${variantGid}"`);
  const result = await admin<FreeProductVariantResult>(FREE_PRODUCT_VARIANT, { id: variantGid });
  const variant = result.productVariant;
  if (!variant) throw invalid("variantGid", `Shopify has no product variant ${variantGid}: it was deleted`);
  const priceMinor = toMinorUnits(variant.price, currency);
  if (priceMinor <= 0) throw invalid("variantGid", `The product ${variant.product.title} costs nothing: there is nothing to give for free`);
  return { priceMinor, productTitle: variant.product.title };
}

/** The code discount with this code (case-insensitive), or null when Shopify has none. */
export async function findDiscountByCode(admin: AdminGraphql, code: string): Promise<{ discountGid: string } | null> {
  if (code.trim() === "") throw invalid("code", "A discount code cannot be blank");
  const result = await admin<DiscountByCodeResult>(DISCOUNT_BY_CODE, { code });
  const node = result.codeDiscountNodeByCode;
  return node ? { discountGid: node.id } : null;
}

/**
 * Deletes a code discount (a compensation: the redemption it belonged to was undone). Returns false when Shopify
 * says it does not exist (already deleted: the goal is reached); any other refusal throws ShopifyUserError.
 */
export async function deleteRewardDiscount(admin: AdminGraphql, discountGid: string): Promise<boolean> {
  const result = await admin<DiscountCodeDeleteResult>(DISCOUNT_CODE_DELETE, { id: discountGid });
  const payload = result.discountCodeDelete;
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0 && errors.every(isUnknownDiscountError)) return false;
  throwIfUserErrors("discountCodeDelete", errors);
  if (!payload?.deletedCodeDiscountId) {
    throw new Error(`discountCodeDelete answered neither a deleted id nor userErrors for ${discountGid}`);
  }
  return true;
}

/** Shopify's answer for an id it does not know: field ["id"], code INVALID, "Code discount does not exist." */
function isUnknownDiscountError(error: DiscountUserError): boolean {
  return error.code === "INVALID" && error.field?.length === 1 && error.field[0] === "id";
}
