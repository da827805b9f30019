/**
 * When each order's earn entry became visible in the database: the "committed" half of send → committed latency.
 *
 * Only the database is read (LedgerEntry rows), never the app, so the figure holds whatever the processing path is.
 * - CommitWaiters: the bookkeeping (each order's first entry and its time, callers waiting for sets of orders),
 *   whatever feeds it; PostgreSQL's watch (postgres-watch.ts) feeds it too.
 * - CommitWatch: SQLite. A worker thread polls read-only (commit-poller.ts); the time of an entry is the first poll
 *   that saw it: at most one poll interval (`pollMs`, 5 ms by default) plus the query after its commit.
 */
import { Worker } from "node:worker_threads";
import { epochNow } from "./http-client";
import type { PollBatch, PollerData } from "./commit-poller";

export interface WaitResult<T> {
  /** Every awaited order had an entry before the timeout. */
  complete: boolean;
  /** Awaited orders still without an entry. */
  missing: number;
  /** Epoch ms of the poll that saw the last awaited entry (or of the timeout). */
  at: number;
  /** Entries of any order seen by then (the watcher's running total). */
  totalSeen: number;
  /** What `onComplete` returned, called synchronously when the last entry was seen (or at the timeout). */
  value: T;
}

interface Waiter {
  pending: Set<string>;
  /** The latest time among the awaited orders' entries seen so far. */
  latest: number;
  onComplete: () => unknown;
  resolve: (result: WaitResult<unknown>) => void;
  timer: NodeJS.Timeout;
}

/**
 * The bookkeeping of a commit watch, whatever feeds it: each order's first entry and its time, and the callers
 * waiting for sets of orders. A waiter completes at the latest time among its orders' entries.
 */
export class CommitWaiters {
  /** Order GID → epoch ms at which its earn entry was committed (or first seen). */
  readonly firstSeen = new Map<string, number>();
  /** Earn entries seen for an order that already had one (must stay 0). */
  repeats = 0;
  totalSeen = 0;
  protected readonly waiters = new Set<Waiter>();

  /** Entries newly seen: order GID (null for an entry without one) and the time of each. */
  protected record(entries: readonly { gid: string | null; at: number }[]): void {
    for (const { gid, at } of entries) {
      this.totalSeen += 1;
      if (gid === null) continue;
      if (this.firstSeen.has(gid)) this.repeats += 1;
      else this.firstSeen.set(gid, at);
    }
    for (const waiter of this.waiters) {
      for (const { gid } of entries) {
        if (gid === null || !waiter.pending.delete(gid)) continue;
        waiter.latest = Math.max(waiter.latest, this.firstSeen.get(gid) ?? 0);
      }
      if (waiter.pending.size === 0) this.finish(waiter, true, waiter.latest);
    }
  }

  private finish(waiter: Waiter, complete: boolean, at: number): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    const value = waiter.onComplete();
    waiter.resolve({ complete, missing: waiter.pending.size, at, totalSeen: this.totalSeen, value });
  }

  /** Orders of `orderGids` without an entry yet. */
  missing(orderGids: Iterable<string>): number {
    let missing = 0;
    for (const gid of orderGids) if (!this.firstSeen.has(gid)) missing += 1;
    return missing;
  }

  /**
   * Resolves when every order of `orderGids` has an entry, or after `timeoutMs`. `onComplete` runs synchronously
   * at that moment (read the server's CPU there).
   */
  waitFor<T>(orderGids: Iterable<string>, timeoutMs: number, onComplete: () => T = () => undefined as T): Promise<WaitResult<T>> {
    const pending = new Set<string>();
    let latest = 0;
    for (const gid of orderGids) {
      const seen = this.firstSeen.get(gid);
      if (seen === undefined) pending.add(gid);
      else latest = Math.max(latest, seen);
    }
    return new Promise((resolve) => {
      if (pending.size === 0) {
        resolve({ complete: true, missing: 0, at: latest, totalSeen: this.totalSeen, value: onComplete() });
        return;
      }
      const waiter: Waiter = { pending, latest, onComplete, resolve: resolve as Waiter["resolve"], timer: setTimeout(() => undefined, 0) };
      waiter.timer = setTimeout(() => this.finish(waiter, false, epochNow()), timeoutMs);
      this.waiters.add(waiter);
      this.waiting();
    });
  }

  /** Called when a waiter is added (a watch that polls only on demand starts here). */
  protected waiting(): void {}
}

/** What the benchmark phases read of a commit watch. */
export type CommitWatcher = Pick<CommitWaiters, "firstSeen" | "missing" | "waitFor">;

/** Earn entries of a SQLite database, seen by a worker thread's read-only poll (commit-poller.ts). */
export class CommitWatch extends CommitWaiters {
  private constructor(private readonly worker: Worker) {
    super();
    worker.on("message", (message: PollBatch | "stopped") => {
      if (message !== "stopped") this.record(message.orderGids.map((gid) => ({ gid, at: message.at })));
    });
    worker.on("error", (error) => console.error("commit poller failed:", error));
  }

  static start(data: PollerData): CommitWatch {
    return new CommitWatch(new Worker(new URL("./commit-poller.ts", import.meta.url), { workerData: data }));
  }

  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.worker.on("message", (message) => message === "stopped" && resolve());
      this.worker.once("exit", () => resolve());
    });
    this.worker.postMessage("stop");
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await this.worker.terminate();
  }
}
