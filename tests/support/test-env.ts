/** Values every test process shares (the app reads them from the environment, as in production). */
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_APP_URL = "https://loyalty.test";
export const TEST_SHOP = "test-shop.myshopify.com";
/** Each `vitest run` makes a directory under this one (see global-setup.ts). */
export const TEST_DB_ROOT = "tmp/test-db";
