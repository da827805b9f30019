/**
 * The benchmarks' HTTP client: node:http over loopback with a keep-alive Agent. The client shares the CPUs with
 * the server it measures, so it is kept lean (no fetch, no body parsing).
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface RequestSpec {
  method: "GET" | "POST";
  /** Path with query string. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface Answer {
  /** HTTP status, 0 for a transport error or a timeout. */
  status: number;
  error?: string;
}

export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/** A server's port, or several servers' taken round-robin: the port request `index` goes to. */
export type Ports = number | readonly number[];

export function portFor(ports: Ports, index: number): number {
  if (typeof ports === "number") return ports;
  const port = ports[index % ports.length];
  if (port === undefined) throw new Error("no server port to send to");
  return port;
}

/** Milliseconds since the epoch, sub-millisecond, comparable between threads (a worker's performance.now() is not). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * One request; resolves once the whole response is read (never rejects). `timeoutMs` limits socket inactivity;
 * `deadline`, when given, is the time (performance.now()) at which the request is abandoned wherever it is (queued
 * for a connection, sent, half answered): an open loop's bound on how long a request may take.
 */
export function send(target: { port: number; agent: Agent; timeoutMs: number }, spec: RequestSpec, deadline?: number): Promise<Answer> {
  return new Promise((resolve) => {
    const signal = deadline === undefined ? undefined : AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())));
    const req = request(
      { host: "127.0.0.1", port: target.port, path: spec.path, method: spec.method, headers: spec.headers, agent: target.agent, signal },
      (res) => {
        res.resume();
        res.once("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.once("error", (error) => resolve({ status: 0, error: error.message }));
      },
    );
    req.setTimeout(target.timeoutMs, () => req.destroy(new Error("timed out")));
    req.once("error", (error) => resolve({ status: 0, error: signal?.aborted ? "no answer by the deadline" : error.message }));
    req.end(spec.body);
  });
}

/** Adds a non-200 answer to a status → count tally (a transport error is keyed "error: <message>"). */
export function tally(failures: Record<string, number>, answer: Answer): void {
  const key = answer.error ? `error: ${answer.error}` : String(answer.status);
  failures[key] = (failures[key] ?? 0) + 1;
}
