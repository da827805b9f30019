/** The customer account extension's bundle, built as Shopify CLI builds it, fits Shopify's 64 KB (compressed). */
import { expect, it } from "vitest";
import { buildCustomerAccountExtension, CUSTOMER_ACCOUNT_LIMIT_BYTES } from "../../scripts/build-customer-account.mjs";

it("bundles into one ES module with a default export, under 64 KB compressed", () => {
  const bundle = buildCustomerAccountExtension();
  expect(bundle.code).toMatch(/export\s*\{[^}]*as default/);
  expect(bundle.code).not.toContain("react-dom");
  expect(bundle.gzipBytes).toBeLessThanOrEqual(CUSTOMER_ACCOUNT_LIMIT_BYTES);
  expect(bundle.brotliBytes).toBeLessThanOrEqual(CUSTOMER_ACCOUNT_LIMIT_BYTES);
});
