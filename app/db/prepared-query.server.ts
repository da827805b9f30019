/**
 * Kysely read queries compiled once per database and run again with new arguments. On the storefront's hot path,
 * building and compiling a query with Kysely cost about as much CPU as Prisma running it
 * (docs/decisions/016-storefront-path.md).
 *
 * Rules:
 * - `build(db, ...args)` returns the query for its arguments, and the query's shape never depends on their values:
 *   each argument is used as a bound value (never spread into an IN list, never branched on). Values that are not
 *   arguments (limits, constant lists) are compiled into the query once.
 * - The first run on each database (SQLite, PostgreSQL) builds the query with a marker for each argument, compiles
 *   it and records which parameters the markers became; every run binds its own arguments there. An argument that
 *   does not become a parameter is a mistake in `build`, refused at that first run.
 * - Reads only: the compiled text runs through `kyselyOf(client)` (Prisma's `$queryRawUnsafe`), inside the
 *   transaction when the client is one.
 */
import type { PrismaClient } from "@prisma/client";
import { CompiledQuery, type Compilable } from "kysely";
import type { Tx } from "~/loyalty/server/ledger.server";
import { sqlDialect, type DatabaseProvider } from "./dialect.server";
import { kyselyOf, type Db } from "./kysely.server";

/** Stands for argument `index` while the query is compiled. */
class Argument {
  constructor(readonly index: number) {}
}

type Slot = { argument: number } | { value: unknown };

interface Plan {
  sql: string;
  slots: Slot[];
}

function plan<A extends unknown[]>(db: Db, build: (db: Db, ...args: A) => Compilable<unknown>, arity: number): Plan {
  const markers = Array.from({ length: arity }, (_, index) => new Argument(index));
  const compiled = build(db, ...(markers as unknown as A)).compile();
  const slots = compiled.parameters.map((value): Slot => (value instanceof Argument ? { argument: value.index } : { value }));
  const unused = markers.filter((marker) => !compiled.parameters.includes(marker));
  if (unused.length > 0) throw new Error(`A prepared query does not bind its argument(s) ${unused.map((marker) => marker.index).join(", ")}`);
  return { sql: compiled.sql, slots };
}

/** A read query compiled once per database; call it with the client (or transaction) and the arguments. */
export function preparedQuery<A extends unknown[], O>(build: (db: Db, ...args: A) => Compilable<O>) {
  const plans = new Map<DatabaseProvider, Plan>();
  return async (client: PrismaClient | Tx, ...args: A): Promise<O[]> => {
    const db = kyselyOf(client);
    const provider = sqlDialect(client).provider;
    let prepared = plans.get(provider);
    if (!prepared) {
      prepared = plan(db, build, args.length);
      plans.set(provider, prepared);
    }
    const parameters = prepared.slots.map((slot) => ("argument" in slot ? args[slot.argument] : slot.value));
    return (await db.executeQuery<O>(CompiledQuery.raw(prepared.sql, parameters))).rows;
  };
}
