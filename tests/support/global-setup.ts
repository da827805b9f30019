/**
 * Runs once per `vitest run`: one migrated base database that every test file copies. Each run gets its own
 * directory (runs side by side in one checkout must not delete each other's databases).
 * PostgreSQL runs use postgres-global-setup.ts instead (vitest.postgres.config.ts).
 */
// The suites run on the project's Node 24: an older Node stops the run here with a message that says what to do.
import "../../app/runtime-check.server";
import { mkdirSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createMigratedDatabase } from "./migrated-database";
import { TEST_DB_ROOT } from "./test-env";

export default function setup(project: TestProject): () => void {
  const dir = `${TEST_DB_ROOT}/${randomUUID()}`;
  mkdirSync(dir, { recursive: true });
  createMigratedDatabase(`${dir}/base.sqlite`);
  project.provide("testDatabase", { provider: "sqlite", dir });
  return () => rmSync(dir, { recursive: true, force: true });
}
