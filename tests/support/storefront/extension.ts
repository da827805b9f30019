/** The theme app extension as files, shared with the dev store: devstore/storefront/extension.ts. */
export * from "../../../devstore/storefront/extension";
