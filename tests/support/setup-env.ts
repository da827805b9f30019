/**
 * Runs in each test file's process before its imports:
 * - a private copy of the run's migrated database (a SQLite file, or a PostgreSQL database made from the run's
 *   template), and the app's environment pointing at it;
 * - the fake Admin API listening before anything imports `~/shopify.server` (which captures fetch);
 * - `console.error` during a test fails it (an error log is a bug unless the test expects it: spy on it there).
 */
import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, expect, inject, vi } from "vitest";
import { readAppConfig } from "../../devstore/app-config";
import { startFakeAdminApi } from "./fake-admin-api";
import { createDatabaseFromTemplate } from "./postgres";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, type TestDatabase } from "./test-env";

async function privateDatabaseUrl(database: TestDatabase): Promise<string> {
  const id = randomUUID().replaceAll("-", "");
  if (database.provider === "postgresql") return createDatabaseFromTemplate(database.adminUrl, database.template, `${database.prefix}_${id.slice(0, 16)}`);
  const file = `${database.dir}/${id}.sqlite`;
  copyFileSync(`${database.dir}/base.sqlite`, file);
  return `file:./${file}`;
}

Object.assign(process.env, {
  DATABASE_URL: await privateDatabaseUrl(inject("testDatabase")),
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  // The scopes shopify.app.toml declares, as `shopify app dev` sets them (tests/devstore/scopes.test.ts).
  SCOPES: readAppConfig().scopes.join(","),
  NODE_ENV: "test",
});

const fake = startFakeAdminApi();
afterEach(() => fake.reset());
afterAll(() => fake.close());

let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockRestore();
  expect(calls, "console.error was called during the test").toEqual([]);
});
