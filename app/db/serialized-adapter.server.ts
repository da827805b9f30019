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

function serializeAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
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
    dispose: () => adapter.dispose(),
  };
}

export function serializedAdapterFactory(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serializeAdapter(await factory.connect()),
    connectToShadowDb: async () => serializeAdapter(await factory.connectToShadowDb()),
  };
}
