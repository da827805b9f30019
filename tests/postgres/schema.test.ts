/**
 * prisma/postgresql/schema.prisma is generated from prisma/schema.prisma (scripts/postgres-schema.mjs), never
 * edited: this fails when someone changed the SQLite schema without regenerating it, or made it unportable.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, renderPostgresSchema } from "../../scripts/postgres-schema.mjs";

describe("the PostgreSQL schema", () => {
  it("is prisma/schema.prisma with the PostgreSQL provider, up to date (run `node scripts/postgres-schema.mjs`)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(renderPostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("changes only the provider and the client's output, and leaves the Kysely types generator out", () => {
    const sqlite = readFileSync(SQLITE_SCHEMA, "utf8");
    const postgres = renderPostgresSchema(sqlite);
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).toContain('output     = "../../node_modules/.prisma/client-postgresql"');
    const strip = (text: string) => text.split("\n").filter((line) => !/^\/\/ GENERATED|^\/\/ run `node|^\s*output\s*=|^$/.test(line) && !/provider = "(sqlite|postgresql)"/.test(line));
    expect(postgres).not.toContain("prisma-kysely");
    const withoutKysely = sqlite.replace(/^\/\/ Kysely types[^\n]*\ngenerator kysely \{[^}]*\}\n/m, "");
    expect(withoutKysely).not.toContain("prisma-kysely");
    expect(strip(postgres)).toEqual(strip(withoutKysely));
  });

  it.each([
    ["an enum", "enum Status {\n  live\n}\n"],
    ["a Json field", "model X {\n  id String @id\n  data Json\n}\n"],
    ["a native type", "model X {\n  id String @id @db.Uuid\n}\n"],
  ])("refuses a source schema with %s", (_what, extra) => {
    expect(() => renderPostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8") + extra)).toThrow(/portable/);
  });
});
