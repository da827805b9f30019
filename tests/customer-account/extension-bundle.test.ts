/** The customer account extensions' bundles, built as Shopify CLI builds them, fit Shopify's 64 KB (compressed). */
import { expect, it } from "vitest";
import { buildCustomerAccountExtensions, CUSTOMER_ACCOUNT_LIMIT_BYTES } from "../../scripts/build-customer-account.mjs";

it("bundles each target into one ES module with a default export, each extension under 64 KB compressed", () => {
  const extensions = buildCustomerAccountExtensions();
  expect(extensions.map((extension) => extension.modules.length)).toEqual([1, 2, 1]);
  for (const extension of extensions) {
    for (const module of extension.modules) {
      expect(module.code).toMatch(/export\s*\{[^}]*as default/);
      expect(module.code).not.toContain("react-dom");
    }
    expect(extension.gzipBytes).toBeLessThanOrEqual(CUSTOMER_ACCOUNT_LIMIT_BYTES);
    expect(extension.withinLimit).toBe(true);
  }
});
