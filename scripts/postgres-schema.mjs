#!/usr/bin/env node
// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the one schema we edit): a Prisma schema file
// fixes its provider, so PostgreSQL needs its own copy (docs/decisions/008-postgresql.md).
//   node scripts/postgres-schema.mjs           write it
//   node scripts/postgres-schema.mjs --check   exit 1 when it is out of date (tests/postgres/schema.test.ts does this too)
//
// Rules: only the datasource provider and the generated client's output change, and the Kysely types generator is
// left out (its types are generated once, from this schema). The source schema must stay
// portable: no enums, Json, Decimal, Unsupported or native (@db.*) types (JSON is String; money and points BigInt).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");
/** Where the PostgreSQL client is generated (relative to the PostgreSQL schema); db.server.ts loads it from there. */
export const POSTGRES_CLIENT_OUTPUT = "../../node_modules/.prisma/client-postgresql";

const HEADER = [
  "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit. Change prisma/schema.prisma,",
  "// run `node scripts/postgres-schema.mjs`, then add a PostgreSQL migration (README, PostgreSQL).",
  "",
].join("\n");

const NOT_PORTABLE = [
  [/^\s*enum\s+\w+\s*\{/m, "an enum"],
  [/^\s*\w+\s+Json\b/m, "a Json field"],
  [/^\s*\w+\s+Decimal\b/m, "a Decimal field"],
  [/\bUnsupported\s*\(/, "an Unsupported type"],
  [/@db\.\w+/, "a native type (@db.*)"],
];

/** The block `keyword name { … }` (generator client, datasource db): its text, or an error naming what is missing. */
function block(schema, keyword, name) {
  const match = new RegExp(`^${keyword}\\s+${name}\\s*\\{[^}]*\\}`, "m").exec(schema);
  if (!match) throw new Error(`prisma/schema.prisma has no \`${keyword} ${name} { … }\` block`);
  return match[0];
}

/** The PostgreSQL schema for a SQLite schema's text. */
export function renderPostgresSchema(sqliteSchema) {
  for (const [pattern, what] of NOT_PORTABLE) {
    if (pattern.test(sqliteSchema)) throw new Error(`prisma/schema.prisma uses ${what}: keep the schema portable (docs/decisions/004)`);
  }
  const datasource = block(sqliteSchema, "datasource", "db");
  if (!/provider\s*=\s*"sqlite"/.test(datasource)) throw new Error('prisma/schema.prisma: the datasource provider must be "sqlite"');
  const generator = block(sqliteSchema, "generator", "client");
  if (/\boutput\s*=/.test(generator)) throw new Error("prisma/schema.prisma: the client generator must keep the default output");
  const postgresGenerator = generator.replace(/\n\}$/, `\n  output     = "${POSTGRES_CLIENT_OUTPUT}"\n}`);
  const postgresDatasource = datasource.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  const kysely = new RegExp(`(^//[^\\n]*\\n)*${block(sqliteSchema, "generator", "kysely").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n\\n`, "m");
  return HEADER + sqliteSchema.replace(generator, postgresGenerator).replace(datasource, postgresDatasource).replace(kysely, "");
}

function main(args) {
  const expected = renderPostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  let current = null;
  try {
    current = readFileSync(POSTGRES_SCHEMA, "utf8");
  } catch {
    // missing: written below, or reported by --check
  }
  if (args.includes("--check")) {
    if (current === expected) return 0;
    console.error("prisma/postgresql/schema.prisma is out of date: run `node scripts/postgres-schema.mjs`");
    return 1;
  }
  if (current !== expected) writeFileSync(POSTGRES_SCHEMA, expected);
  console.log(`${path.relative(process.cwd(), POSTGRES_SCHEMA)} ${current === expected ? "is up to date" : "written"}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
