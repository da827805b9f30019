/**
 * When each order's earn entry became visible in the database: the "committed" half of send → committed latency.
 *
 * Only the database is read (LedgerEntry rows, read-only, from a worker thread: commit-poller.ts), never the app,
 * so the figure holds whatever the processing path is. The time of an entry is the first poll that saw it: at most
 * one poll interval (`pollMs`, 5 ms by default) plus the query after its commit.
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
  onComplete: () => unknown;
  resolve: (result: WaitResult<unknown>) => void;
  timer: NodeJS.Timeout;
}

export class CommitWatch {
  /** Order GID → epoch ms of the poll that first saw its earn entry. */
  readonly firstSeen = new Map<string, number>();
  /** Earn entries seen for an order that already had one (must stay 0). */
  repeats = 0;
  totalSeen = 0;
  private readonly waiters = new Set<Waiter>();

  private constructor(private readonly worker: Worker) {
    worker.on("message", (message: PollBatch | "stopped") => {
      if (message !== "stopped") this.record(message);
    });
    worker.on("error", (error) => console.error("commit poller failed:", error));
  }

  static start(data: PollerData): CommitWatch {
    return new CommitWatch(new Worker(new URL("./commit-poller.ts", import.meta.url), { workerData: data }));
  }

  private record({ at, orderGids }: PollBatch): void {
    for (const gid of orderGids) {
      this.totalSeen += 1;
      if (gid === null) continue;
      if (this.firstSeen.has(gid)) this.repeats += 1;
      else this.firstSeen.set(gid, at);
    }
    for (const waiter of this.waiters) {
      for (const gid of orderGids) if (gid !== null) waiter.pending.delete(gid);
      if (waiter.pending.size === 0) this.finish(waiter, true, at);
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
    const list = [...orderGids];
    const pending = new Set(list.filter((gid) => !this.firstSeen.has(gid)));
    return new Promise((resolve) => {
      const waiter: Waiter = { pending, onComplete, resolve: resolve as Waiter["resolve"], timer: setTimeout(() => undefined, 0) };
      if (pending.size === 0) {
        clearTimeout(waiter.timer);
        let at = 0;
        for (const gid of list) at = Math.max(at, this.firstSeen.get(gid) ?? 0);
        resolve({ complete: true, missing: 0, at, totalSeen: this.totalSeen, value: onComplete() });
        return;
      }
      waiter.timer = setTimeout(() => this.finish(waiter, false, epochNow()), timeoutMs);
      this.waiters.add(waiter);
    });
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
