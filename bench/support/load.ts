/**
 * Closed-loop load: a fixed number of requests in flight at once, each worker sending the next delivery as soon as
 * its previous one is answered, on keep-alive connections. It measures how many deliveries a server accepts per
 * second when kept busy; latencies are from each request's own send (the load waits for the server).
 */
import { performance } from "node:perf_hooks";
import { epochNow, keepAliveAgent, portFor, send, tally, type Ports } from "./http-client";
import type { Agent } from "node:http";
import type { Delivery } from "./orders";

export { keepAliveAgent };

export interface LoadResult {
  /** Per-request latency in ms, in completion order (every request, whatever its answer). */
  latenciesMs: number[];
  wallMs: number;
  /** When the first request left, in epoch ms. */
  startEpochMs: number;
  /** Status code (or "error: …") → count, for everything that was not a 200. */
  failures: Record<string, number>;
  failed: number;
  /** Order GIDs of the deliveries answered 200. */
  accepted: string[];
}

export interface LoadTarget {
  /** One server, or several taken round-robin by delivery. */
  port: Ports;
  path: string;
  agent: Agent;
  timeoutMs?: number;
}

/** Sends every delivery once, `concurrency` at a time; each worker takes the next unsent one. */
export async function drive(target: LoadTarget, deliveries: readonly Delivery[], concurrency: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  const accepted: string[] = [];
  const http = { agent: target.agent, timeoutMs: target.timeoutMs ?? 30_000 };
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const index = next++;
      const delivery = deliveries[index] as Delivery;
      const started = performance.now();
      const answer = await send({ ...http, port: portFor(target.port, index) }, { method: "POST", path: target.path, headers: delivery.headers, body: delivery.body });
      latenciesMs.push(performance.now() - started);
      if (answer.status === 200) accepted.push(delivery.orderGid);
      else {
        tally(failures, answer);
        failed += 1;
      }
    }
  };
  const startEpochMs = epochNow();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  return { latenciesMs, wallMs: performance.now() - started, startEpochMs, failures, failed, accepted };
}
