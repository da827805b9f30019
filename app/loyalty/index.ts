/**
 * Public API of the pure loyalty core: values in, values out. No database, no Shopify, no clock.
 * The shell (`*.server.ts`) loads inputs, calls these functions and writes the results.
 */
export type * from "./types";
export * from "./errors";
export * from "./safe-integer";
export * from "./money";
export * from "./calculators";
export * from "./clawback";
export * from "./tiers";
export * from "./ledger-rules";
export * from "./program";
