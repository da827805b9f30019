/** The survey's storefront module (docs/decisions/035-surveys.md): the committed build of its source, and small. */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildSurveysScript, SURVEYS_ASSET } from "../../scripts/build-storefront.mjs";
import { JS_GZIP_BUDGET_BYTES, JS_RAW_LIMIT_BYTES } from "../support/storefront/weight";

describe("assets/surveys.js", () => {
  it("is the minified build of storefront/surveys.js (npm run build:storefront)", () => {
    expect(readFileSync(SURVEYS_ASSET, "utf8")).toBe(buildSurveysScript());
  });

  it("stays under theme-check's raw limit and the storefront's gzip budget", () => {
    const bytes = readFileSync(SURVEYS_ASSET);
    expect(bytes.length).toBeLessThanOrEqual(JS_RAW_LIMIT_BYTES);
    expect(gzipSync(bytes).length).toBeLessThanOrEqual(JS_GZIP_BUDGET_BYTES);
  });
});
