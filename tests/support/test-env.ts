/** Values every test process shares (the app reads them from the environment, as in production). */
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_APP_URL = "https://loyalty.test";
export const TEST_SHOP = "test-shop.myshopify.com";
/** Each `vitest run` makes a directory under this one (see global-setup.ts). */
export const TEST_DB_ROOT = "tmp/test-db";

/**
 * The migrated database a run's global setup prepared, which each test file copies (setup-env.ts):
 * - SQLite (`vitest run`, global-setup.ts): `dir` holds base.sqlite;
 * - PostgreSQL (`npm run test:postgres`, postgres-global-setup.ts): the database `template` on the server at
 *   `adminUrl`; every database of the run is named `<prefix>_…`.
 */
export type TestDatabase = { provider: "sqlite"; dir: string } | { provider: "postgresql"; adminUrl: string; template: string; prefix: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabase;
  }
}
