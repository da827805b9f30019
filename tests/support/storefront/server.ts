/**
 * A local storefront on 127.0.0.1 playing Shopify's part for the browser tests:
 * - serves pages rendered by ./liquid.ts; each page says which customer is signed in, and serving it sets a
 *   session cookie for that customer (or clears it), as signing in on Shopify does;
 * - serves the extension's assets under /extension-assets/ (what `asset_url` points to);
 * - is the app proxy: `/apps/loyalty/<path>` (also under a locale prefix, `/fr/apps/loyalty/<path>`) is forwarded
 *   to `proxy` the way Shopify forwards it: to `<appUrl>/proxy/<path>`, query extended with `shop`,
 *   `logged_in_customer_id` (from the session cookie; empty when signed out), `path_prefix`, `timestamp` and the
 *   HMAC `signature` (signed by ../app-proxy.ts, the suite's one signer), cookies stripped. `proxy` is any
 *   `(request: Request) => Promise<Response>`: the browser tests pass the app's own routes (../app-proxy-routes.ts);
 * - records each forwarded request (body sent, answer received) and can hold them all until released, to look at
 *   the page before the app has answered (a slow network, nothing faked about the app).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { PROXY_PATH_PREFIX, shopifyProxyQuery } from "../app-proxy";
import { TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../test-env";
import { ASSETS_DIR } from "./extension";

/** What answers the forwarded app proxy requests (the app). */
export type ProxyHandler = (request: Request) => Promise<Response>;

export interface StorefrontPage {
  html: string;
  /** Numeric id of the signed-in customer; null: signed out. */
  customerId: string | null;
}

export interface ForwardedProxyRequest {
  method: string;
  /** Storefront path the browser asked for, e.g. "/fr/apps/loyalty/account". */
  storefrontPath: string;
  /** URL the proxy handler received. */
  appUrl: string;
  customerId: string;
  /** The request body the browser sent, parsed when it is JSON (undefined for GET). */
  body: unknown;
  /** The handler's answer (status, body parsed when it is JSON), once it has one. */
  response: { status: number; body: unknown } | null;
  /** Set once the handler's response has been sent back to the browser. */
  completed: boolean;
}

export interface StorefrontServerOptions {
  proxy: ProxyHandler;
  shop?: string;
  secret?: string;
  appUrl?: string;
  /** Subpath prefix and subpath of the app proxy, as in shopify.app.toml. */
  proxyPath?: string;
}

export interface StorefrontServer {
  origin: string;
  setPage(pathname: string, page: StorefrontPage): void;
  proxyRequests: ForwardedProxyRequest[];
  /** From now on, forwarded requests wait (before reaching the handler) until `release()` is called. */
  holdProxyRequests(): { release(): void };
  /** Errors thrown while serving (a proxy handler that threw, a bad page): a test should expect none. */
  errors: unknown[];
  close(): Promise<void>;
}

const SESSION_COOKIE = "storefront_customer";
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** JSON when it parses, else the text. */
function parseJson(body: Buffer): unknown {
  const text = body.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sessionCustomer(request: IncomingMessage): string {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value) return decodeURIComponent(value);
  }
  return "";
}

export async function startStorefrontServer(options: StorefrontServerOptions): Promise<StorefrontServer> {
  const shop = options.shop ?? TEST_SHOP;
  const secret = options.secret ?? TEST_API_SECRET;
  const appUrl = options.appUrl ?? TEST_APP_URL;
  const proxyPath = options.proxyPath ?? PROXY_PATH_PREFIX;
  const proxyPattern = new RegExp(`^(/[a-z]{2}(?:-[a-zA-Z]{2})?)?${proxyPath.replace(/\//g, "\\/")}(/.*)?$`);
  const pages = new Map<string, StorefrontPage>();
  const proxyRequests: ForwardedProxyRequest[] = [];
  const errors: unknown[] = [];
  let gate: Promise<void> = Promise.resolve();

  async function forward(request: IncomingMessage, response: ServerResponse, url: URL, rest: string) {
    const customerId = sessionCustomer(request);
    const params = shopifyProxyQuery(url.searchParams, { shop, customerId, pathPrefix: proxyPath, secret });
    const target = `${appUrl}/proxy${rest}?${params.toString()}`;
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const sent = hasBody ? await readBody(request) : undefined;
    const record: ForwardedProxyRequest = {
      method: request.method ?? "GET",
      storefrontPath: url.pathname,
      appUrl: target,
      customerId,
      body: sent === undefined ? undefined : parseJson(sent),
      response: null,
      completed: false,
    };
    proxyRequests.push(record);
    const headers = new Headers();
    for (const name of ["content-type", "accept", "user-agent", "accept-language"]) {
      const value = request.headers[name];
      if (typeof value === "string") headers.set(name, value);
    }
    await gate;
    const answer = await options.proxy(
      new Request(target, { method: request.method, headers, body: sent && new Uint8Array(sent) }),
    );
    const body = Buffer.from(await answer.arrayBuffer());
    record.response = { status: answer.status, body: parseJson(body) };
    response.writeHead(answer.status, {
      "Content-Type": answer.headers.get("content-type") ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    response.end(body);
    record.completed = true;
  }

  async function serveAsset(response: ServerResponse, name: string) {
    const file = path.basename(name);
    try {
      const body = await readFile(path.join(ASSETS_DIR, file));
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://storefront.test");
    const handle = async () => {
      const proxied = proxyPattern.exec(url.pathname);
      if (proxied) return forward(request, response, url, proxied[2] ?? "");
      if (url.pathname.startsWith("/extension-assets/")) return serveAsset(response, url.pathname.slice(18));
      const page = pages.get(url.pathname);
      if (!page) {
        response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
        return;
      }
      response.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": page.customerId
          ? `${SESSION_COOKIE}=${encodeURIComponent(page.customerId)}; Path=/; HttpOnly; SameSite=Lax`
          : `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
        "Cache-Control": "no-store",
      });
      response.end(page.html);
    };
    handle().catch((error: unknown) => {
      errors.push(error);
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end(String(error instanceof Error ? error.stack : error));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    setPage(pathname, page) {
      pages.set(pathname, page);
    },
    proxyRequests,
    holdProxyRequests() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return { release: () => release() };
    },
    errors,
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
