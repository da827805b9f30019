import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

/**
 * The database-touching suites again, on PostgreSQL (`npm run test:postgres`: scripts/test-postgres.sh starts a
 * throw-away server and sets TEST_POSTGRES_URL). Each test file gets its own database, copied from a template the
 * app's migrator built (tests/support/postgres-global-setup.ts).
 * Left out: the pure unit tests (app/) and the suites that touch no database (storefront, fake Admin API, the dev
 * store's Admin API); the browser and end-to-end suites (they start the app on SQLite); tests/db (the SQLite
 * connection's serializer); and every suite that drives SQLite itself, found below: it imports better-sqlite3
 * (instruments its statements, opens files) or reads sqlite_master (use listTables() from tests/support/database.ts
 * to run on both).
 */
const SQLITE_ITSELF = /from "better-sqlite3"|sqlite_master/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    return entry.isDirectory() ? testFiles(file) : entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const drivesSqlite = testFiles("tests").filter((file) => !file.startsWith("tests/postgres/") && SQLITE_ITSELF.test(readFileSync(file, "utf8")));

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: [
      "tests/webhooks/**/*.test.ts",
      "tests/proxy/**/*.test.ts",
      "tests/members/**/*.test.ts",
      "tests/import/**/*.test.ts",
      "tests/reports/**/*.test.ts",
      "tests/admin/**/*.test.ts",
      "tests/outbox/**/*.test.ts",
      "tests/devstore/**/*.test.ts",
      "tests/flow/**/*.test.ts",
      "tests/postgres/**/*.test.ts",
      "tests/ledger-properties.test.ts",
    ],
    exclude: ["**/*.browser.test.ts", "tests/devstore/admin-api.test.ts", ...drivesSqlite],
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
