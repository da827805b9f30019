/** The real Admin 2026-10 schema and its validator live with the dev store's Admin API (shared by the test fake). */
export * from "../../devstore/admin-api/schema";
