/**
 * One SQLite connection, one thing at a time.
 *
 * `@prisma/adapter-better-sqlite3` shares a single connection and serializes transactions with a mutex, but runs
 * queries made outside a transaction without waiting for it. While an interactive transaction is open (between its
 * awaits), another request's query would run *inside* it: reading uncommitted rows, and losing its own write if the
 * transaction rolls back. This wrapper puts every query, script and transaction of the connection behind one lock.
 *
 * Invariant: inside `prisma.$transaction(async (tx) => …)` only `tx` may be used; a query on the outer client there
 * would wait for the transaction that waits for it.
 *
 * Prepared statements are reused. The adapter calls `db.prepare(sql)` for every query, and SQLite re-parses and
 * re-plans the statement each time (about a fifth of the adapter's time per query). Prisma sends the same SQL text
 * with different parameters, so the connection keeps the last STATEMENT_CACHE_SIZE statements by SQL text and hands
 * the adapter a statement whose parameters are bound per call (better-sqlite3 binds a statement only once). SQLite
 * re-prepares a cached statement by itself if the schema changed underneath it. A statement's result columns are
 * read once: Prisma names every column in its SQL, so they are fixed by the text (a migration that changes a
 * column's declared type needs a restart anyway, as the generated client does).
 */
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

class Lock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** How many distinct SQL texts keep their prepared statement (least recently used goes first). */
export const STATEMENT_CACHE_SIZE = 500;

/** The part of a better-sqlite3 statement the Prisma adapter uses. */
interface SqliteStatement {
  readonly reader: boolean;
  columns(): unknown[];
  raw(toggle?: boolean): unknown;
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
}

interface SqliteConnection {
  prepare(sql: string): unknown;
}

function isSqliteConnection(value: unknown): value is SqliteConnection {
  return typeof value === "object" && value !== null && typeof (value as { prepare?: unknown }).prepare === "function";
}

/**
 * A cached statement as the adapter sees it: `bind(...)` returns a view with those parameters, applied on each
 * call, and the raw (array-row) mode is set per call, so no call leaves state on the shared statement.
 * Every method is synchronous: nothing else can use the statement between binding and running it.
 */
class CachedStatement {
  private columnList: unknown[] | undefined;

  constructor(readonly statement: SqliteStatement) {}

  columns(): unknown[] {
    this.columnList ??= this.statement.columns();
    return this.columnList;
  }
}

class ReusableStatement {
  private readonly statement: SqliteStatement;

  constructor(
    private readonly cached: CachedStatement,
    private readonly params: readonly unknown[] = [],
    private readonly rawRows = false,
  ) {
    this.statement = cached.statement;
  }

  get reader(): boolean {
    return this.statement.reader;
  }

  bind(...params: unknown[]): ReusableStatement {
    return new ReusableStatement(this.cached, params, this.rawRows);
  }

  raw(toggle = true): ReusableStatement {
    return new ReusableStatement(this.cached, this.params, toggle);
  }

  columns(): unknown[] {
    return this.cached.columns();
  }

  all(): unknown[] {
    this.statement.raw(this.rawRows);
    return this.statement.all(...this.params);
  }

  get(): unknown {
    this.statement.raw(this.rawRows);
    return this.statement.get(...this.params);
  }

  run(): unknown {
    return this.statement.run(...this.params);
  }
}

/**
 * Makes the adapter's connection reuse prepared statements. Returns false (and changes nothing) when the adapter
 * does not expose a better-sqlite3 connection as `client`, as @prisma/adapter-better-sqlite3 6.19 does.
 */
export function cacheStatements(adapter: SqlDriverAdapter, size = STATEMENT_CACHE_SIZE): boolean {
  const connection = (adapter as unknown as { client?: unknown }).client;
  if (!isSqliteConnection(connection)) return false;
  const prepare = connection.prepare.bind(connection) as (sql: string) => SqliteStatement;
  const cache = new Map<string, CachedStatement>();
  connection.prepare = (sql: string) => {
    let cached = cache.get(sql);
    if (cached) {
      cache.delete(sql); // re-inserted below: the Map's order is the recency order
    } else {
      cached = new CachedStatement(prepare(sql));
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, cached);
    return new ReusableStatement(cached);
  };
  return true;
}

function serializeTransaction(tx: Transaction, release: () => void): Transaction {
  let open = true;
  const end = async (finish: () => Promise<void>) => {
    try {
      await finish();
    } finally {
      if (open) release();
      open = false;
    }
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query: SqlQuery) => tx.queryRaw(query),
    executeRaw: (query: SqlQuery) => tx.executeRaw(query),
    commit: () => end(() => tx.commit()),
    rollback: () => end(() => tx.rollback()),
  };
}

/**
 * One statement run directly on the connection Prisma uses, as a prepared (cached) statement, behind the same lock
 * as Prisma's queries and transactions: for a hot path where Prisma's cost per call (about 130 µs for a raw
 * statement) is most of the work. Parameters are bound as better-sqlite3 binds them: text, numbers, bigint, null
 * (a DateTime column takes the text Prisma's adapter writes: `sqliteTimestamp`).
 */
export interface DirectStatements {
  /**
   * Runs `work` synchronously in one transaction on the connection; each `run(sql, params)` is a prepared, cached
   * statement. null while Prisma is not connected (before its first query, after $disconnect): use Prisma then.
   */
  transaction<T>(work: (run: (sql: string, params: readonly unknown[]) => { changes: number }) => T): Promise<T | null>;
}

/** A DateTime as @prisma/adapter-better-sqlite3 stores it (its default "iso8601" format). */
export function sqliteTimestamp(value: Date): string {
  return value.toISOString().replace("Z", "+00:00");
}

interface Connected {
  lock: Lock;
  prepare: (sql: string) => ReusableStatement;
  transaction: <T>(work: () => T) => () => T;
}

function serializeAdapter(adapter: SqlDriverAdapter, onConnected?: (connected: Connected | null) => void): SqlDriverAdapter {
  cacheStatements(adapter);
  const lock = new Lock();
  const connection = (adapter as unknown as { client?: unknown }).client;
  if (onConnected && isSqliteConnection(connection)) {
    // The caching prepare installed above: a statement comes back bound per call.
    const prepare = (sql: string) => connection.prepare(sql) as ReusableStatement;
    const transaction = (connection as unknown as { transaction: Connected["transaction"] }).transaction.bind(connection);
    onConnected({ lock, prepare, transaction });
  }
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => lock.run(() => adapter.queryRaw(query)),
    executeRaw: (query) => lock.run(() => adapter.executeRaw(query)),
    executeScript: (script) => lock.run(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel?: IsolationLevel) => {
      const release = await lock.acquire();
      try {
        return serializeTransaction(await adapter.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: false } } : {}),
    dispose: () => {
      onConnected?.(null);
      return adapter.dispose();
    },
  };
}

export interface SerializedAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Direct statements on the connection while Prisma is connected (it connects on its first query). */
  direct: DirectStatements;
}

export function serializedAdapterFactory(factory: SqlMigrationAwareDriverAdapterFactory): SerializedAdapterFactory {
  let live: Connected | null = null;
  const connected = (value: Connected | null) => (live = value);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serializeAdapter(await factory.connect(), connected),
    connectToShadowDb: async () => serializeAdapter(await factory.connectToShadowDb()),
    direct: {
      async transaction(work) {
        if (!live) return null;
        const { lock, prepare, transaction } = live;
        const run = (sql: string, params: readonly unknown[]) => {
          const result = prepare(sql).bind(...params).run() as { changes: number | bigint };
          return { changes: Number(result.changes) };
        };
        return lock.run(async () => transaction(() => work(run))());
      },
    },
  };
}

const directByClient = new WeakMap<object, DirectStatements>();

/** Makes `direct` the direct statements of `client` (db.server.ts, for a SQLite client). */
export function registerDirectStatements(client: object, direct: DirectStatements): void {
  directByClient.set(client, direct);
}

/** The client's direct statements: SQLite clients made by db.server.ts; undefined otherwise (PostgreSQL). */
export function directStatementsOf(client: object): DirectStatements | undefined {
  return directByClient.get(client);
}
