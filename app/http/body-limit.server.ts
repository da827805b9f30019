/**
 * Request bodies are read once, and never past a limit: a body over it is refused with 413 before it is buffered.
 *
 * Rules:
 * - A `Content-Length` over the limit is refused before a byte is read.
 * - Without one (chunked), the stream is read chunk by chunk and abandoned (cancelled) as soon as it passes the
 *   limit, so an unauthenticated client can never make the process hold more than `limit` bytes per request.
 * - The limits are documented in the README (Configuration) and ADR 010.
 */

/** Shopify's webhook payloads stay well below this (an order with 250 lines is ~300 KB). */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Storefront (app proxy) JSON bodies: a redeem request is a few hundred bytes. */
export const PROXY_BODY_LIMIT = 16 * 1024;
/** Embedded admin form posts: a program with its tiers and rules, a note. */
export const ADMIN_BODY_LIMIT = 256 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** A 413 answer, JSON like the rest of the app's machine-facing answers. */
export function bodyTooLargeResponse(limit: number): Response {
  return new Response(JSON.stringify({ error: `The request body is larger than the limit of ${limit} bytes` }), {
    status: 413,
    headers: { "Content-Type": "application/json", Connection: "close" },
  });
}

/** True when the declared length is over the limit (a missing or unparsable header is not). */
export function declaresTooLarge(request: Request, limit: number): boolean {
  const declared = request.headers.get("Content-Length");
  if (declared === null || !/^\d+$/.test(declared.trim())) return false;
  return Number(declared) > limit;
}

/**
 * Reads the whole body as bytes, at most `limit` of them; throws BodyTooLargeError past it.
 * Consumes the request: call it once and keep the result.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  if (declaresTooLarge(request, limit)) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `readBodyBytes` decoded as UTF-8 (invalid sequences become U+FFFD). */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, limit));
}

/**
 * A copy of the request whose body has been read under the limit, for libraries that read `request.body`
 * themselves (Remix's formData, the Shopify library). Throws a 413 Response when over the limit.
 */
export async function requireBodyWithin(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw bodyTooLargeResponse(limit);
    throw error;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes as unknown as BodyInit, signal: request.signal });
}
