#!/usr/bin/env node
// `npm run reset`: delete the local SQLite database so the next `npm run local` starts clean.
import { existsSync, rmSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
if (!url.startsWith("file:")) {
  console.error(`Refusing to reset a non-SQLite database (${url.split(":")[0]}).`);
  process.exit(1);
}
const file = url.slice("file:".length);
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
console.log(`Deleted ${file}. Run npm run local to start again.`);
