/**
 * Open-loop load: requests are scheduled at a fixed rate on a timer, whatever the server's answers, and each
 * latency is measured from the request's *scheduled* send time to the end of its response. A server (or a client
 * timer) that falls behind therefore shows as growing latency, as real shoppers would feel it, instead of
 * slowing the load down (closed-loop load hides queueing that way).
 *
 * The client is node:http with a keep-alive Agent of `sockets` connections: a request scheduled while all are
 * busy waits in the agent's queue, and that wait counts. Requests are GETs with no body.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

export interface OpenLoopOptions {
  port: number;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Path (with query) of the i-th request; called at its send time, so it can sign with a fresh timestamp. */
  path: (index: number) => string;
  agent: Agent;
  timeoutMs: number;
}

export interface OpenLoopResult {
  scheduled: number;
  /** Latency (ms, from scheduled send to end of response) of every 200 answer, in completion order. */
  latenciesMs: number[];
  /** How late each request actually left (ms after its scheduled time): the client's own lag. */
  sendLagMs: number[];
  /** Status code (or "error: …") → count, for everything that was not a 200. */
  failures: Record<string, number>;
  failed: number;
  /** From the first scheduled send to the last response. */
  wallMs: number;
}

export function openLoopAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

function get(options: OpenLoopOptions, path: string): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: options.port, path, method: "GET", agent: options.agent }, (res) => {
      res.resume();
      res.once("end", () => resolve({ status: res.statusCode ?? 0 }));
      res.once("error", (error) => resolve({ status: 0, error: error.message }));
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error("timed out")));
    req.once("error", (error) => resolve({ status: 0, error: error.message }));
    req.end();
  });
}

/** Sends `rate × duration` requests on schedule and resolves once every one has answered or failed. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const intervalMs = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const sendLagMs: number[] = [];
  const failures: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  let failed = 0;
  let lastEnd = 0;
  const start = performance.now();

  const send = (index: number, scheduledAt: number) => {
    sendLagMs.push(performance.now() - scheduledAt);
    pending.push(
      get(options, options.path(index)).then(({ status, error }) => {
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        if (status === 200) {
          latenciesMs.push(end - scheduledAt);
          return;
        }
        const key = error ? `error: ${error}` : String(status);
        failures[key] = (failures[key] ?? 0) + 1;
        failed += 1;
      }),
    );
  };

  for (let next = 0; next < total; ) {
    const now = performance.now();
    // Everything due by now leaves now (a late timer sends its backlog at once, each still timed from its slot).
    while (next < total && start + next * intervalMs <= now) {
      send(next, start + next * intervalMs);
      next += 1;
    }
    if (next < total) await sleep(Math.max(0, start + next * intervalMs - performance.now()));
  }
  await Promise.all(pending);
  return { scheduled: total, latenciesMs, sendLagMs, failures, failed, wallMs: lastEnd - start };
}
