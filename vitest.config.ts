import tsconfigPaths from "vite-tsconfig-paths";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts"],
    // PostgreSQL's own migrations run in `npm run test:postgres` (vitest.postgres.config.ts), which npm test calls.
    exclude: [...configDefaults.exclude, "tests/postgres/migrations.test.ts", "tests/postgres/point-value-migration.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
