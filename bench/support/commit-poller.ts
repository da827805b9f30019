/**
 * Worker thread of commit-watch.ts: polls a SQLite database through its own read-only connection for earn
 * entries written since the last poll (by rowid, which grows with every insert), and posts their order GIDs with
 * the poll's time. It runs beside the load generator's event loop, so a busy client does not delay the polls.
 *
 * The time posted is taken just before the query: the rows it returns were committed before that instant (a read
 * sees the commits made before it starts), so it bounds each commit from above by at most one poll interval.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

export interface PollerData {
  file: string;
  shop: string;
  pollMs: number;
}

export interface PollBatch {
  /** Epoch ms of the poll that saw these entries first. */
  at: number;
  orderGids: (string | null)[];
}

const { file, shop, pollMs } = workerData as PollerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
const newEntries = db.prepare(
  `SELECT rowid AS r, orderGid AS o FROM "LedgerEntry" WHERE rowid > ? AND shop = ? AND type = 'earn' ORDER BY rowid LIMIT 10000`,
);
let lastRowid = 0;
let timer: NodeJS.Timeout | null = null;

function poll(): void {
  const at = performance.timeOrigin + performance.now();
  const rows = newEntries.all(lastRowid, shop) as { r: number; o: string | null }[];
  const last = rows[rows.length - 1];
  if (last) {
    lastRowid = last.r;
    parentPort?.postMessage({ at, orderGids: rows.map((row) => row.o) } satisfies PollBatch);
  }
  // A full page means more are waiting: read on at once (same instant bound: they were committed before `at`).
  timer = setTimeout(poll, rows.length === 10000 ? 0 : pollMs);
}

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort?.postMessage("stopped");
});
poll();
