/** The storefront Liquid renderer is shared with the dev store's storefront page: devstore/storefront/liquid.ts. */
export * from "../../../devstore/storefront/liquid";
