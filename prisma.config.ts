import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// prisma.config.ts turns off Prisma's own .env loading: load it here (Node ≥ 20.12).
if (existsSync(".env")) process.loadEnvFile(".env");

// The schema's `url = env("DATABASE_URL")` must resolve, or `prisma generate` tries to download a query engine.
process.env.DATABASE_URL ??= "file:./prisma/dev.sqlite";
const url = process.env.DATABASE_URL;

// The JS engine + driver adapter lets the CLI migrate SQLite offline with its bundled wasm schema engine
// (no native engine download; see ../shared/docs/platform-notes.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
