/**
 * Watching a PostgreSQL database under load, from one connection each, never through the app:
 *
 * - PgCommitWatch: when each order's earn entry was committed. LedgerEntry's ids are cuids and PostgreSQL's
 *   transactions commit out of id order anyway, so "rows since the last poll" (SQLite's commit-poller.ts) does not
 *   work here. Instead the entry's commit is dated by the database: `pg_xact_commit_timestamp(xmin)`
 *   (track_commit_timestamp = on; the time is taken as the commit record is written, just before its WAL flush).
 *   The watch only polls while someone waits, and only for the orders awaited (the oldest POLL_LIMIT still missing,
 *   by the index on shop and order): a late poll makes no date late. Without commit timestamps (a server given by
 *   BENCH_POSTGRES_URL) an entry is dated by the poll that first saw it, as on SQLite.
 * - WaitSampler: what the app's connections are doing, sampled from pg_stat_activity every `intervalMs`:
 *   running, waiting on a lock or on I/O (the WAL flush), or idle inside a transaction while the app works.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { connectPg, type PgClient } from "../../tests/support/postgres";
import { CommitWaiters } from "./commit-watch";
import { epochNow } from "./http-client";
import { round } from "./stats";

const POLL_LIMIT = 1000;
/** application_name of the benchmark's own connections: the sampler leaves them out. */
const BENCH_APP_NAME = "loyalty-bench";

export class PgCommitWatch extends CommitWaiters {
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly sql: string;

  private constructor(
    private readonly client: PgClient,
    private readonly shop: string,
    private readonly pollMs: number,
    /** How entries are dated: the database's commit timestamp, or the poll that saw them. */
    readonly datedBy: "commit timestamp" | "poll",
  ) {
    super();
    const committedAt = datedBy === "poll" ? "NULL::float8" : "extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000";
    this.sql = `SELECT "orderGid" AS o, ${committedAt} AS t FROM "LedgerEntry" WHERE shop = $1 AND type = 'earn' AND "orderGid" = ANY($2::text[])`;
  }

  static async start(options: { url: string; shop: string; pollMs: number }): Promise<PgCommitWatch> {
    const client = await connectPg(options.url, BENCH_APP_NAME);
    const { rows } = await client.query("SHOW track_commit_timestamp");
    return new PgCommitWatch(client, options.shop, options.pollMs, rows[0]?.track_commit_timestamp === "on" ? "commit timestamp" : "poll");
  }

  protected override waiting(): void {
    this.polling ??= this.pollWhileAwaited().finally(() => {
      this.polling = null;
      if (this.waiters.size > 0 && !this.stopped) this.waiting();
    });
  }

  private awaited(): string[] {
    const wanted = new Set<string>();
    for (const waiter of this.waiters) {
      for (const gid of waiter.pending) {
        wanted.add(gid);
        if (wanted.size >= POLL_LIMIT) return [...wanted];
      }
    }
    return [...wanted];
  }

  private async pollWhileAwaited(): Promise<void> {
    while (!this.stopped && this.waiters.size > 0) {
      const at = epochNow();
      // The database's clock is the system's; the benchmark's times are the monotonic clock's from its start.
      const offset = Date.now() - at;
      try {
        const { rows } = await this.client.query(this.sql, [this.shop, this.awaited()]);
        this.record(rows.map((row) => ({ gid: row.o === null ? null : String(row.o), at: row.t === null ? at : Number(row.t) - offset })));
      } catch (error) {
        if (!this.stopped) console.error("commit watch poll failed:", error);
      }
      await sleep(this.pollMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.polling;
    await this.client.end();
  }
}

export interface WaitProfile {
  label: string;
  samples: number;
  /** Average number of the database's other connections in each state: `running`, `Lock:transactionid`, … */
  backends: Record<string, number>;
}

/**
 * Samples pg_stat_activity for the database of `url` (every connection but the benchmark's) during `run`.
 * Idle connections are not counted; `idle in transaction` is a transaction open while the app works between its
 * statements; `Client:ClientRead` an active one waiting for the app's next message.
 */
export class WaitSampler {
  private constructor(
    private readonly client: PgClient,
    private readonly intervalMs: number,
  ) {}

  static async start(url: string, intervalMs = 50): Promise<WaitSampler> {
    return new WaitSampler(await connectPg(url, BENCH_APP_NAME), intervalMs);
  }

  async during<T>(label: string, run: () => Promise<T>): Promise<{ result: T; profile: WaitProfile }> {
    const counts: Record<string, number> = {};
    let samples = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const { rows } = await this.client.query(
          `SELECT CASE WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running') ELSE state END AS what, count(*) AS n
           FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1 AND state <> 'idle'
           GROUP BY 1`,
          [BENCH_APP_NAME],
        );
        samples += 1;
        for (const row of rows) counts[String(row.what)] = (counts[String(row.what)] ?? 0) + Number(row.n);
        await sleep(this.intervalMs);
      }
    })();
    try {
      const result = await run();
      return { result, profile: { label, samples, backends: averages(counts, samples) } };
    } finally {
      done = true;
      await sampling;
    }
  }

  stop(): Promise<void> {
    return this.client.end();
  }
}

function averages(counts: Record<string, number>, samples: number): Record<string, number> {
  const sorted = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(sorted.map(([what, total]) => [what, samples ? round(total / samples, 2) : 0]));
}
