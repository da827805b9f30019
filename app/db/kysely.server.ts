/**
 * Kysely on Prisma's connection: typed, set-based SQL for the hot paths without the ORM's per-call cost
 * (docs/decisions/014-hot-paths-below-the-orm.md).
 *
 * Rules:
 * - `kyselyOf(client)` compiles a query for the client's database (SQLite or PostgreSQL, `sqlDialect`) and sends
 *   it through that client's `$queryRawUnsafe` / `$executeRawUnsafe`. Given a transaction client, the query runs
 *   in that transaction, on its connection: Kysely never opens a connection or a transaction of its own.
 * - The table types (`kysely-types.ts`) are generated from prisma/schema.prisma by `prisma generate`. Prisma stays
 *   the schema, the migrations and the client everywhere but the hot paths.
 * - Raw results differ by database: integers through `integerResult`, times through `dateResult`.
 * - A statement whose compiled SQL has more parameters than SQLite and PostgreSQL both accept cannot be sent:
 *   callers chunk multi-row statements with `chunked`.
 */
import type { PrismaClient } from "@prisma/client";
import {
  DeleteQueryNode,
  InsertQueryNode,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  UpdateQueryNode,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";
import type { Tx } from "~/loyalty/server/ledger.server";
import { sqlDialect } from "./dialect.server";
import type { DB } from "./kysely-types";

export type Db = Kysely<DB>;
type RawClient = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

class PrismaRawConnection implements DatabaseConnection {
  constructor(private readonly client: RawClient) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, query } = compiled;
    const writes = DeleteQueryNode.is(query) || UpdateQueryNode.is(query) || InsertQueryNode.is(query);
    if (writes && !query.returning) {
      const affected = await this.client.$executeRawUnsafe(sql, ...parameters);
      return { rows: [], numAffectedRows: BigInt(affected) };
    }
    return { rows: await this.client.$queryRawUnsafe<R[]>(sql, ...parameters) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported on Prisma's connection");
  }
}

class PrismaRawDriver implements Driver {
  private readonly connection: PrismaRawConnection;
  constructor(client: RawClient) {
    this.connection = new PrismaRawConnection(client);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error("Open transactions with Prisma's $transaction and pass its client to kyselyOf");
  }
  async commitTransaction(): Promise<void> {
    throw new Error("Open transactions with Prisma's $transaction and pass its client to kyselyOf");
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error("Open transactions with Prisma's $transaction and pass its client to kyselyOf");
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

function dialectFor(client: PrismaClient | Tx): Dialect {
  const postgres = sqlDialect(client).provider === "postgresql";
  return {
    createDriver: () => new PrismaRawDriver(client),
    createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
    createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
    createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
  };
}

const instances = new WeakMap<object, Db>();

/** The Kysely instance that runs on `client` (a Prisma client or a transaction client). */
export function kyselyOf(client: PrismaClient | Tx): Db {
  let db = instances.get(client);
  if (!db) {
    db = new Kysely<DB>({ dialect: dialectFor(client) });
    instances.set(client, db);
  }
  return db;
}

/** A DateTime column of a raw result (a Date on PostgreSQL, ISO text on SQLite) as a Date. */
export function dateResult(value: Date | string): Date;
export function dateResult(value: Date | string | null): Date | null;
export function dateResult(value: Date | string | null): Date | null {
  if (value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`A raw query time is ${String(value)}, not a time`);
  return date;
}

/**
 * Parameters one statement may carry: SQLite's limit is 32,766, PostgreSQL's 65,535; well below both, so a
 * statement stays small enough to plan quickly.
 */
export const MAX_PARAMETERS = 10_000;

/** `rows` split so each multi-row statement of `columns` columns stays under MAX_PARAMETERS. */
export function chunked<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
