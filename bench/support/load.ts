/**
 * Drives deliveries over loopback with a fixed number of requests in flight, on keep-alive connections
 * (node:http with a keep-alive Agent: the client shares the CPUs with the server, so it is kept lean).
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import type { Delivery } from "./orders";

export interface LoadResult {
  /** Per-request latency in ms, in completion order. */
  latenciesMs: number[];
  wallMs: number;
  /** Status code (or "error: …") → count, for everything that was not a 200. */
  failures: Record<string, number>;
  failed: number;
}

export interface LoadTarget {
  port: number;
  path: string;
  agent: Agent;
  timeoutMs?: number;
}

export function keepAliveAgent(concurrency: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** One POST; resolves with its status (0 for a transport error) once the whole response is read. */
function post(target: LoadTarget, delivery: Delivery): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port: target.port, path: target.path, method: "POST", headers: delivery.headers, agent: target.agent },
      (res) => {
        res.resume();
        res.once("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.once("error", (error) => resolve({ status: 0, error: error.message }));
      },
    );
    req.setTimeout(target.timeoutMs ?? 30_000, () => req.destroy(new Error("request timed out")));
    req.once("error", (error) => resolve({ status: 0, error: error.message }));
    req.end(delivery.body);
  });
}

/** Sends every delivery once, `concurrency` at a time; each worker takes the next unsent one. */
export async function drive(target: LoadTarget, deliveries: readonly Delivery[], concurrency: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++] as Delivery;
      const started = performance.now();
      const { status, error } = await post(target, delivery);
      latenciesMs.push(performance.now() - started);
      if (status !== 200) {
        const key = error ? `error: ${error}` : String(status);
        failures[key] = (failures[key] ?? 0) + 1;
        failed += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  return { latenciesMs, wallMs: performance.now() - started, failures, failed };
}
