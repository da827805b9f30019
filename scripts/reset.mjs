#!/usr/bin/env node
// `npm run reset`: delete the local SQLite database and the local dev store's data (tmp/devstore), so the next
// `npm run local` starts clean: migrated empty database, freshly seeded demo shop, app not yet authorized.
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
if (!url.startsWith("file:")) {
  console.error(`Refusing to reset a non-SQLite database (${url.split(":")[0]}).`);
  process.exit(1);
}
const devstoreData = path.resolve(process.env.DEVSTORE_DATA_DIR ?? "tmp/devstore");
if (!devstoreData.startsWith(path.resolve("tmp") + path.sep)) {
  console.error(`Refusing to delete ${devstoreData}: DEVSTORE_DATA_DIR must be under tmp/.`);
  process.exit(1);
}

const file = url.slice("file:".length);
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
rmSync(devstoreData, { recursive: true, force: true });
console.log(`Deleted ${file} and ${path.relative(process.cwd(), devstoreData)}. Run npm run local to start again.`);
