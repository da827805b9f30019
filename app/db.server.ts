import { createRequire } from "node:module";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { databaseProviderOf } from "./db/dialect.server";
import { registerDirectStatements, serializedAdapterFactory } from "./db/serialized-adapter.server";

/**
 * The one Prisma client of the process, for the database DATABASE_URL names (docs/decisions/008-postgresql.md):
 * - `file:<path>` (relative to the working directory): SQLite through the better-sqlite3 driver adapter, one
 *   serialized connection, WAL. Development and tests.
 * - `postgres://…` / `postgresql://…`: PostgreSQL through @prisma/adapter-pg with a connection pool of
 *   DATABASE_POOL_MAX connections per process (10). Production, several instances.
 * Both are driver adapters: no native query engine at run time. The client classes differ (a generated client is
 * fixed to one provider) but the models are the same, so both are typed as `@prisma/client`'s.
 */
export function createPrismaClient(url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite"): PrismaClient {
  return databaseProviderOf(url) === "postgresql" ? createPostgresClient(url) : createSqliteClient(url);
}

// Interactive transactions may wait for the connection (SQLite's single one, a busy pool's) longer than Prisma's
// 2 s default, and run up to 10 s.
const transactionOptions = { maxWait: 10_000, timeout: 10_000 };

function createSqliteClient(url: string): PrismaClient {
  // busy timeout: a second process (worker, CLI) waiting on the write lock waits instead of failing at once.
  const adapter = serializedAdapterFactory(new PrismaBetterSQLite3({ url, timeout: 5000 }));
  const client = new PrismaClient({ adapter, transactionOptions });
  registerDirectStatements(client, adapter.direct);
  // WAL lets readers run beside the writer; synchronous=NORMAL is durable across app crashes in WAL mode
  // (only an OS crash can lose the last transactions). Queued first on the adapter's single connection.
  void client
    .$queryRawUnsafe("PRAGMA journal_mode = WAL")
    .then(() => client.$queryRawUnsafe("PRAGMA synchronous = NORMAL"))
    .catch((error: unknown) => console.error("Could not set SQLite pragmas", error));
  return client;
}

/** Where scripts/postgres-client.mjs generates the PostgreSQL client (the output of prisma/postgresql/schema.prisma). */
const POSTGRES_CLIENT_MODULE = ".prisma/client-postgresql";

function loadPostgresClientClass(): typeof PrismaClient {
  // Loaded by Node at run time (never bundled): it exists only once `npm run setup` has generated it.
  const require = createRequire(import.meta.url);
  try {
    return (require(POSTGRES_CLIENT_MODULE) as { PrismaClient: typeof PrismaClient }).PrismaClient;
  } catch (error) {
    const notFound = error instanceof Error && "code" in error && error.code === "MODULE_NOT_FOUND" && error.message.includes(POSTGRES_CLIENT_MODULE);
    if (!notFound) throw error;
    throw new Error("DATABASE_URL is PostgreSQL but its Prisma client is not generated: run `npm run setup`", { cause: error });
  }
}

function poolSize(): number {
  const value = process.env.DATABASE_POOL_MAX;
  if (value === undefined || value === "") return 10;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw new Error(`DATABASE_POOL_MAX must be a positive integer (got "${value}")`);
  return size;
}

function createPostgresClient(url: string): PrismaClient {
  const PostgresPrismaClient = loadPostgresClientClass();
  const adapter = new PrismaPg(
    // A request waiting longer than 10 s for a free connection fails instead of queueing forever.
    { connectionString: url, max: poolSize(), connectionTimeoutMillis: 10_000 },
    // An idle pooled connection that breaks (server restart, failover) is dropped by the pool; say so.
    { onPoolError: (error: Error) => console.error("PostgreSQL pool: an idle connection failed", error) },
  );
  return new PostgresPrismaClient({ adapter, transactionOptions });
}

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// Reuse one client across dev-server reloads.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
