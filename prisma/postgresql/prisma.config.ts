import { existsSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

/**
 * The Prisma CLI on the PostgreSQL schema: `npx prisma <command> --config prisma/postgresql/prisma.config.ts`, with
 * DATABASE_URL=postgresql://… (docs/decisions/008-postgresql.md).
 * - Offline (default), with the bundled wasm schema engine through @prisma/adapter-pg: `generate`,
 *   `migrate status` (set PRISMA_QUERY_ENGINE_LIBRARY to any existing file if the CLI tries to download a query
 *   engine). Not `migrate deploy` (the wasm engine fails on PostgreSQL): the app's migrator applies migrations
 *   (`npm run setup`, scripts/postgres-migrate.mjs); the next migration is a diff of two schema files
 *   (scripts/postgres-migration.mjs).
 * - PRISMA_SCHEMA_ENGINE=classic, on a machine that can download Prisma's native engines: every command,
 *   `migrate deploy` included, which accepts the history the migrator wrote.
 */
if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "";
// Paths here are relative to this file.
const schema = "schema.prisma";

export default process.env.PRISMA_SCHEMA_ENGINE === "classic"
  ? defineConfig({ schema })
  : defineConfig({
      experimental: { adapter: true },
      engine: "js",
      schema,
      adapter: async () => {
        if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
        return new PrismaPg({ connectionString: url });
      },
    });
