/**
 * Every SQL statement the database driver runs while `work` runs, on the database of the run: better-sqlite3
 * statement runs on SQLite (the app reuses prepared statements, so runs are counted, not prepares), `pg` client
 * queries on PostgreSQL. BEGIN and COMMIT are statements too. A regression guard for the paths that promise a
 * statement budget: each statement is a Prisma round trip.
 *
 * Neither driver is loaded unless the run uses it (the PostgreSQL suite never loads better-sqlite3).
 */
import { createRequire } from "node:module";
import { vi } from "vitest";
import prisma from "~/db.server";
import { sqlDialect } from "~/db/dialect.server";

type Method = (...args: unknown[]) => unknown;

async function spiedMethods(): Promise<{ target: Record<string, Method>; methods: string[]; sqlOf: (self: unknown, args: unknown[]) => string }> {
  if (sqlDialect(prisma).provider === "postgresql") {
    // The CommonJS module the adapter's `import pg from "pg"` wraps: the same Client class (pg ships no types).
    const pg = createRequire(import.meta.url)("pg") as { Client: { prototype: Record<string, Method> } };
    return {
      target: pg.Client.prototype,
      methods: ["query"],
      sqlOf: (_self, [query]) => (typeof query === "string" ? query : String((query as { text?: string } | undefined)?.text)),
    };
  }
  const { default: Database } = await import("better-sqlite3");
  const probe = new Database(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, Method>;
  probe.close();
  return { target: prototype, methods: ["all", "get", "run"], sqlOf: (self) => (self as { source: string }).source };
}

export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const { target, methods, sqlOf } = await spiedMethods();
  const seen: string[] = [];
  const spies = methods.map((method) => {
    const original = target[method] as Method;
    return vi.spyOn(target, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
      seen.push(sqlOf(this, args));
      return original.apply(this, args);
    });
  });
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return seen;
}

/** The tables a list of statements names (Prisma's model queries and raw or Kysely SQL alike), sorted. */
export function tablesOf(statements: readonly string[]): string[] {
  const names = statements.flatMap((sql) =>
    [...sql.matchAll(/`main`\.`(\w+)`|"public"\."(\w+)"|(?:INTO|FROM|UPDATE|JOIN)\s+"(\w+)"/gi)].map((match) => match[1] ?? match[2] ?? match[3]),
  );
  return [...new Set(names)].filter((name): name is string => Boolean(name)).sort();
}
