/**
 * Webhooks of the inbox topics answered by the production server ahead of Express and Remix
 * (docs/decisions/017-webhooks-ahead-of-remix.md): the same checks and the same answers as the Remix routes
 * (delivery.server.ts, accept.server.ts), on node's request, without a web Request, a router match, a response
 * stream or a request log line per delivery. Refusals are logged, one line each.
 *
 * Rules:
 * - Only `POST /webhooks/<topic>` of a topic whose mode is `inbox` is taken; anything else (the compliance topics,
 *   app/uninstalled, a query string, another method) returns false and goes to Remix.
 * - The body is read under WEBHOOK_BODY_LIMIT: a declared Content-Length over it is refused before a byte is read,
 *   a longer stream as soon as it passes the limit (413, and the connection is closed).
 * - An unexpected error (the database is down) answers 500, so Shopify retries.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import prisma from "~/db.server";
import { WEBHOOK_BODY_LIMIT } from "~/http/body-limit.server";
import { acceptInboxDelivery } from "./accept.server";
import { checkBeforeBody, isRefusal, verifyBody, type DeliveryHeaders, type Refusal } from "./delivery.server";
import { WEBHOOK_TOPICS } from "./topics.server";

const INBOX_PATHS = new Map(
  Object.entries(WEBHOOK_TOPICS)
    .filter(([, handler]) => handler.mode === "inbox")
    .map(([topic]) => [`/webhooks/${topic}`, topic]),
);

function headersOf(request: IncomingMessage): DeliveryHeaders {
  return {
    method: request.method ?? "",
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

function respond(response: ServerResponse, status: number, refusal?: Omit<Refusal, "status">, close = false): void {
  if (refusal === undefined) {
    response.writeHead(status, { "Content-Length": "0" }).end();
    return;
  }
  const body = JSON.stringify({ error: refusal.error, code: refusal.code, fieldErrors: refusal.fieldErrors });
  const headers: Record<string, string | number> = { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) };
  if (close) headers.Connection = "close";
  response.writeHead(status, headers).end(body);
}

class TooLarge extends Error {}

/** The whole body, at most `limit` bytes; rejects with TooLarge past it (and stops reading). */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > limit) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off("data", onData);
        request.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.once("error", reject);
  });
}

async function accept(request: IncomingMessage, response: ServerResponse, topic: string): Promise<void> {
  const headers = headersOf(request);
  const handler = WEBHOOK_TOPICS[topic];
  let result: Refusal | { status: 200 } | null = checkBeforeBody(headers);
  if (!result && handler) {
    let body: Uint8Array | null = null;
    try {
      body = await readBody(request, WEBHOOK_BODY_LIMIT);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      respond(response, 413, { error: `The request body is larger than the limit of ${WEBHOOK_BODY_LIMIT} bytes` }, true);
      console.info(`[webhook ${topic}] 413: the body is over ${WEBHOOK_BODY_LIMIT} bytes`);
      return;
    }
    const verified = verifyBody(headers, body, topic);
    result = isRefusal(verified) ? verified : await acceptInboxDelivery(prisma, verified, handler);
  }
  if (!result) throw new Error(`No handler for webhook topic ${topic}`);
  if (isRefusal(result)) {
    respond(response, result.status, result);
    console.info(`[webhook ${topic}] ${result.status}: ${result.error}`);
  } else respond(response, 200);
}

/**
 * Takes the request when it is a webhook of an inbox topic (and answers it); false when it is not, untouched.
 * Exported from app/entry.server.tsx for server.mjs.
 */
export function handleWebhookRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const topic = request.method === "POST" ? INBOX_PATHS.get(request.url ?? "") : undefined;
  if (!topic) return false;
  accept(request, response, topic).catch((error: unknown) => {
    console.error(`[webhook ${topic}] could not be accepted`, error);
    if (!response.headersSent) respond(response, 500, { error: "The delivery could not be stored; retry later" });
    else response.destroy();
  });
  return true;
}
