import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// prisma.config.ts turns off Prisma's own .env loading: load it here (Node ≥ 20.12).
if (existsSync(".env")) process.loadEnvFile(".env");

// The schema's `url = env("DATABASE_URL")` must resolve to a SQLite URL, or `prisma generate` tries to download a
// query engine. With a PostgreSQL DATABASE_URL (production: postinstall, `npm run setup`) the CLI sees a placeholder.
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
process.env.DATABASE_URL = url.startsWith("file:") ? url : "file:./prisma/not-used.sqlite";

// The SQLite schema, always: `prisma generate` (postinstall) makes `@prisma/client`, the client the app is typed
// with, from it even when production runs PostgreSQL. The PostgreSQL schema has its own config
// (prisma/postgresql/prisma.config.ts; docs/decisions/008-postgresql.md).
// The JS engine + driver adapter lets the CLI migrate SQLite offline with its bundled wasm schema engine
// (no native engine download; see ../shared/docs/platform-notes.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => {
    if (!url.startsWith("file:")) {
      throw new Error("DATABASE_URL is not a SQLite file: for PostgreSQL run `npm run setup`, or the CLI with --config prisma/postgresql/prisma.config.ts");
    }
    return new PrismaBetterSQLite3({ url });
  },
});
