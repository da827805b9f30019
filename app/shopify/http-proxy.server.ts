/**
 * `GET /proxy/account` answered by the production server ahead of Express and Remix
 * (docs/decisions/017-webhooks-ahead-of-remix.md, "The storefront account"): the storefront block asks for it on
 * every page view, and Remix's request handling (route matching, the web Request, the response stream) cost as much
 * CPU as the account's reads. Same function and same answers as the Remix route (proxy-account.server.ts,
 * app-proxy.server.ts); tests/proxy/http-proxy.test.ts holds them equal.
 *
 * Rules:
 * - Only `GET /proxy/account` (any query string) is taken; anything else returns false and goes to Remix.
 * - A GET carries no body here: one that declares one (Content-Length > 0, or chunked) goes to Remix, which caps
 *   it as for every proxy route.
 * - Not signed or stale → 400 with an empty body (as the library answers); logged out → 401 JSON; an unexpected
 *   error → 500, logged.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { PROXY_HEADERS, proxyErrorAnswer } from "./app-proxy.server";
import { proxyAccount } from "./proxy-account.server";

const PATH = "/proxy/account";

function takes(request: IncomingMessage): boolean {
  if (request.method !== "GET") return false;
  const url = request.url ?? "";
  if (url !== PATH && !url.startsWith(`${PATH}?`)) return false;
  const length = request.headers["content-length"];
  return (length === undefined || length === "0") && request.headers["transfer-encoding"] === undefined;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  response.writeHead(status, { ...PROXY_HEADERS, "Content-Length": Buffer.byteLength(text) }).end(text);
}

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    send(response, 200, await proxyAccount(new URL(request.url ?? PATH, "http://app.invalid")));
  } catch (error) {
    if (error instanceof Response) {
      response.writeHead(error.status, { "Content-Length": "0" }).end();
      return;
    }
    const { status, body } = proxyErrorAnswer(error);
    send(response, status, body);
  }
}

/** Takes `GET /proxy/account` (and answers it); false, untouched, for anything else. Exported by entry.server.tsx. */
export function handleProxyRequest(request: IncomingMessage, response: ServerResponse): boolean {
  if (!takes(request)) return false;
  answer(request, response).catch((error: unknown) => {
    console.error("[app proxy] GET /proxy/account failed", error);
    if (!response.headersSent) send(response, 500, { error: "Something went wrong; try again" });
    else response.destroy();
  });
  return true;
}
