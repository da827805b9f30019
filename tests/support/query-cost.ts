/** Shopify's query cost calculator lives with the dev store's Admin API (shared by the test fake). */
export * from "../../devstore/admin-api/query-cost";
