/**
 * Open-loop load: requests are scheduled at a fixed rate on a timer, whatever the server's answers, and each
 * latency is measured from the request's *scheduled* send time to the end of its response. A server (or a client
 * timer) that falls behind therefore shows as growing latency, as real senders would feel it, instead of slowing
 * the load down (closed-loop load hides queueing that way: "coordinated omission").
 *
 * The client is node:http with a keep-alive Agent of `sockets` connections: a request scheduled while all are
 * busy waits in the agent's queue, and that wait counts. A request not answered `timeoutMs` after its scheduled
 * time is abandoned and counts as not answered, so a run lasts at most its schedule plus `timeoutMs` whatever
 * the server does.
 */
import type { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { keepAliveAgent, portFor, send, tally, type Ports, type RequestSpec } from "./http-client";

export interface OpenLoopOptions {
  /** One server, or several taken round-robin by request. */
  port: Ports;
  /** Requests per second. */
  rate: number;
  /** How many requests: `count`, or rate × durationMs. */
  count?: number;
  durationMs?: number;
  /** The i-th request; called at its send time, so it can sign with a fresh timestamp. */
  request: (index: number) => RequestSpec;
  agent: Agent;
  /** From the scheduled send: past it the request is abandoned (an error "no answer by the deadline"). */
  timeoutMs: number;
}

export interface OpenLoopResult {
  scheduled: number;
  /** Latency (ms, from scheduled send to end of response) of every 200 answer, in completion order. */
  latenciesMs: number[];
  /** By request index: latency of a 200 answer, NaN for any other outcome. */
  latencyByIndex: Float64Array;
  /** How late each request actually left (ms after its scheduled time): the client's own lag. */
  sendLagMs: number[];
  /** Status code (or "error: …") → count, for everything that was not a 200. */
  failures: Record<string, number>;
  failed: number;
  /** From the first scheduled send to the last response. */
  wallMs: number;
  /** Request i was scheduled at startEpochMs + i × intervalMs (epoch ms). */
  startEpochMs: number;
  intervalMs: number;
}

export function openLoopAgent(sockets: number): Agent {
  return keepAliveAgent(sockets);
}

/** Sends the requests on schedule and resolves once every one has answered or failed. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const total = options.count ?? Math.max(1, Math.round((options.rate * (options.durationMs ?? 0)) / 1000));
  const intervalMs = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const latencyByIndex = new Float64Array(total).fill(Number.NaN);
  const sendLagMs: number[] = [];
  const failures: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  const http = { agent: options.agent, timeoutMs: options.timeoutMs };
  let failed = 0;
  let lastEnd = 0;
  const startEpochMs = performance.timeOrigin + performance.now();
  const start = startEpochMs - performance.timeOrigin;

  const fire = (index: number, scheduledAt: number) => {
    sendLagMs.push(performance.now() - scheduledAt);
    pending.push(
      send({ ...http, port: portFor(options.port, index) }, options.request(index), scheduledAt + options.timeoutMs).then((answer) => {
        const end = performance.now();
        lastEnd = Math.max(lastEnd, end);
        if (answer.status === 200) {
          latenciesMs.push(end - scheduledAt);
          latencyByIndex[index] = end - scheduledAt;
          return;
        }
        tally(failures, answer);
        failed += 1;
      }),
    );
  };

  for (let next = 0; next < total; ) {
    const now = performance.now();
    // Everything due by now leaves now (a late timer sends its backlog at once, each still timed from its slot).
    while (next < total && start + next * intervalMs <= now) {
      fire(next, start + next * intervalMs);
      next += 1;
    }
    if (next < total) await sleep(Math.max(0, start + next * intervalMs - performance.now()));
  }
  await Promise.all(pending);
  return { scheduled: total, latenciesMs, latencyByIndex, sendLagMs, failures, failed, wallMs: lastEnd - start, startEpochMs, intervalMs };
}
