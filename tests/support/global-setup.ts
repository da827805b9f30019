/** Runs once per `vitest run`: one migrated base database that every test file copies. */
import { mkdirSync, rmSync } from "node:fs";
import { createMigratedDatabase } from "./migrated-database";
import { TEST_BASE_DB, TEST_DB_DIR } from "./test-env";

export default function setup(): () => void {
  rmSync(TEST_DB_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DB_DIR, { recursive: true });
  createMigratedDatabase(TEST_BASE_DB);
  return () => rmSync(TEST_DB_DIR, { recursive: true, force: true });
}
