/**
 * Runs once per PostgreSQL test run (vitest.postgres.config.ts, started by scripts/test-postgres.sh): one template
 * database migrated with the app's migrator, which every test file copies (setup-env.ts). The run's databases are
 * dropped at the end; runs side by side on one server do not touch each other's (each has its own prefix).
 */
// The suites run on the project's Node 24: an older Node stops the run here with a message that says what to do.
import "../../app/runtime-check.server";
import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createMigratedTemplate, dropDatabases } from "./postgres";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error("TEST_POSTGRES_URL is not set: run the PostgreSQL suite with `npm run test:postgres`");
  const prefix = `loyalty_test_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const template = `${prefix}_template`;
  await createMigratedTemplate(adminUrl, template);
  project.provide("testDatabase", { provider: "postgresql", adminUrl, template, prefix });
  return () => dropDatabases(adminUrl, prefix);
}
