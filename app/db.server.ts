import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { serializedAdapterFactory } from "./db/serialized-adapter.server";

/**
 * The one Prisma client of the process. SQLite through the better-sqlite3 driver adapter (no native query engine).
 * DATABASE_URL is `file:<path>`, relative to the working directory.
 */
export function createPrismaClient(url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite"): PrismaClient {
  // busy timeout: a second process (worker, CLI) waiting on the write lock waits instead of failing at once.
  const adapter = serializedAdapterFactory(new PrismaBetterSQLite3({ url, timeout: 5000 }));
  // Transactions queue for the one connection: allow them to wait (maxWait) longer than Prisma's 2 s default.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  // WAL lets readers run beside the writer; synchronous=NORMAL is durable across app crashes in WAL mode
  // (only an OS crash can lose the last transactions). Queued first on the adapter's single connection.
  void client
    .$queryRawUnsafe("PRAGMA journal_mode = WAL")
    .then(() => client.$queryRawUnsafe("PRAGMA synchronous = NORMAL"))
    .catch((error: unknown) => console.error("Could not set SQLite pragmas", error));
  return client;
}

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// Reuse one client across dev-server reloads.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
