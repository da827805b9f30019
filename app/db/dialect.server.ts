/**
 * The two SQL dialects the app runs on, and the few raw-SQL pieces that differ between them
 * (docs/decisions/008-postgresql.md). Everything else in raw queries is the subset SQLite and PostgreSQL share.
 *
 * Rules:
 * - DATABASE_URL picks the provider: `file:` is SQLite, `postgres://` / `postgresql://` PostgreSQL.
 * - A query asks the client it runs on for its dialect (`sqlDialect(db)`): the provider is the generated client's,
 *   so a query can never be written for one database and sent to the other.
 * - Parameters are always bound, never spliced: the helpers return `Prisma.Sql` fragments.
 * - PostgreSQL types an unbound parameter from its context, and a parameter in a VALUES list has none (it becomes
 *   text): `timestamp()` and `integer()` type them. DateTime columns are `timestamp(3)` (UTC, no zone) there, and
 *   `@prisma/adapter-pg` binds a Date as its UTC text; on SQLite the adapter binds the same ISO text it stores.
 * - Integers a raw query returns differ by database and expression (number, bigint, Decimal, digits): every one is
 *   read through `integerResult`, the one place that turns them into the core's safe numbers.
 */
import { Prisma } from "@prisma/client";
import { toSafeNumber } from "~/loyalty/safe-integer";

export type DatabaseProvider = "sqlite" | "postgresql";

/** The provider a DATABASE_URL names (the scheme only is ever shown: URLs carry passwords). */
export function databaseProviderOf(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (it starts with "${url.split(":")[0]}:")`);
}

export interface SqlDialect {
  provider: DatabaseProvider;
  /** A DateTime parameter, typed like the DateTime columns it is compared with. */
  timestamp(value: Date): Prisma.Sql;
  /** An integer parameter, typed (a VALUES list, an ORDER BY key). */
  integer(value: number): Prisma.Sql;
  /** Whole milliseconds from instant `from` to instant `to` (DateTime expressions), exact: an integer on both. */
  millisecondsBetween(from: Prisma.Sql, to: Prisma.Sql): Prisma.Sql;
  /**
   * Prisma's `contains`, case-insensitive on both: SQLite's LIKE folds ASCII case by itself (and rejects `mode`),
   * PostgreSQL's is case-sensitive unless asked. Wildcards in `text` are NOT escaped (Prisma passes them through).
   */
  containsInsensitive(text: string): Prisma.StringNullableFilter;
}

const sqlite: SqlDialect = {
  provider: "sqlite",
  timestamp: (value) => Prisma.sql`${value}`,
  integer: (value) => Prisma.sql`${value}`,
  // julianday parses the stored ISO text; its difference is within 0.1 ms of the exact one, so rounding is exact.
  millisecondsBetween: (from, to) => Prisma.sql`CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)`,
  containsInsensitive: (text) => ({ contains: text }),
};

const postgresql: SqlDialect = {
  provider: "postgresql",
  timestamp: (value) => Prisma.sql`CAST(${value} AS timestamp(3))`,
  integer: (value) => Prisma.sql`CAST(${value} AS integer)`,
  // EXTRACT(EPOCH FROM interval) is an exact numeric of seconds (PostgreSQL 14+).
  millisecondsBetween: (from, to) => Prisma.sql`CAST(EXTRACT(EPOCH FROM (${to} - ${from})) * 1000 AS bigint)`,
  // SQLite's generated types do not know `mode`; PostgreSQL's client does (its filter type is a superset).
  containsInsensitive: (text) => ({ contains: text, mode: "insensitive" }) as Prisma.StringNullableFilter,
};

/**
 * The dialect of the database a client (or a transaction client) talks to. It reads the generated client's
 * provider (`_activeProvider`, set by Prisma from the schema's datasource); tests/postgres/dialect.test.ts pins it
 * on both databases, so a Prisma upgrade that renames it fails there.
 */
export function sqlDialect(db: object): SqlDialect {
  const provider: unknown = Reflect.get(db, "_activeProvider");
  if (provider === "sqlite") return sqlite;
  if (provider === "postgresql") return postgresql;
  throw new Error(`Unsupported database provider ${String(provider)}: the app runs on SQLite or PostgreSQL`);
}

/**
 * An integer column or aggregate of a raw query as a safe number (docs/decisions/011-64-bit-money-and-points.md).
 * SQLite answers a number or a bigint (BIGINT columns, COUNT); PostgreSQL a bigint (BIGINT columns, COUNT, SUM of
 * integers), a Prisma Decimal (SUM of BIGINT is numeric) or, through some drivers, a digit string. null and
 * undefined (SUM over no rows) are 0. Anything else, a fraction or a value beyond 2^53 throws.
 */
export function integerResult(value: unknown, what = "A raw query integer"): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "bigint" || typeof value === "number") return toSafeNumber(value, what);
  if (Prisma.Decimal.isDecimal(value) && value.isInteger()) return toSafeNumber(BigInt(value.toFixed(0)), what);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return toSafeNumber(BigInt(value), what);
  throw new Error(`${what} is ${String(value)}, not an integer`);
}
