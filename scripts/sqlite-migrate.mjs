#!/usr/bin/env node
// `prisma migrate deploy` for SQLite (npm run local, npm run setup), without the one warning that is not
// actionable. The schema must keep `url = env("DATABASE_URL")` (without it `prisma generate` downloads a query
// engine, and Prisma 6 refuses a datasource without url: docs/decisions/004-prisma-driver-adapters.md), and the CLI
// migrates through the driver adapter of prisma.config.ts, so on every run Prisma printed "WARNING: Your schema
// specifies the following datasource properties but you are using a Driver Adapter … - url … We recommend you to
// remove those properties". That block, and only it, is dropped; everything else (migrations applied, errors) is
// printed as Prisma prints it, and the exit code is Prisma's.
import { spawnSync } from "node:child_process";

const ADAPTER_URL_WARNING =
  /\n?WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma\.config\.ts:\n- url\n\nThe values from your schema will NOT be used!\n\nWe recommend you to remove those properties from your schema to avoid confusion if you are only using driver adapters\.\n/;

function withoutAdapterUrlWarning(output) {
  return output.replace(ADAPTER_URL_WARNING, "");
}

const result = spawnSync("npx", ["prisma", "migrate", "deploy", ...process.argv.slice(2)], {
  encoding: "utf8",
  stdio: ["inherit", "pipe", "inherit"],
  shell: process.platform === "win32",
});
process.stdout.write(withoutAdapterUrlWarning(result.stdout ?? ""));
process.exit(result.status ?? 1);
