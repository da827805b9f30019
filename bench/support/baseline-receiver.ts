/**
 * The minimal receiver, the webhook benchmark's baseline: the smallest correct orders/paid receiver. node:http,
 * the body read once under 1 MiB, the HMAC checked (constant time), the shop checked against the installed one,
 * the body parsed for the order and its customer, then the award's statements (baseline.ts) in one better-sqlite3
 * transaction, and 200 once it is committed. No framework, no ORM, no inbox.
 *
 * Run as its own process (like the app) so its CPU time can be read from /proc:
 *   PORT=… HOST=127.0.0.1 BASELINE_DB=… BASELINE_SECRET=… BASELINE_SHOP=… BASELINE_TEMPLATE='{json}' \
 *     node --import tsx bench/support/baseline-receiver.ts
 * `GET /` answers 200 (readiness).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";
import { prepareAward, writeAward, type AwardInput } from "./baseline";
import type { EarnTemplate } from "./ledger";

const BODY_LIMIT = 1024 * 1024;
const WEBHOOK_PATH = "/webhooks/orders/paid";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const secret = required("BASELINE_SECRET");
const installedShop = required("BASELINE_SHOP");
const template = JSON.parse(required("BASELINE_TEMPLATE")) as EarnTemplate;
const db = new Database(required("BASELINE_DB"), { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const statements = prepareAward(db);
const award = db.transaction((input: AwardInput) => writeAward(statements, input, template));

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Length": "0" }).end();
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === "string" ? value : "";
}

function signatureMatches(body: Buffer, given: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const received = Buffer.from(given, "base64");
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The order and customer the award needs, or null when the body is not an order with a customer. */
function readOrder(body: Buffer, shop: string): AwardInput | null {
  let order: { admin_graphql_api_id?: unknown; customer?: { admin_graphql_api_id?: unknown; email?: unknown } | null };
  try {
    order = JSON.parse(body.toString("utf8")) as typeof order;
  } catch {
    return null;
  }
  const orderGid = order.admin_graphql_api_id;
  const customerGid = order.customer?.admin_graphql_api_id;
  if (typeof orderGid !== "string" || typeof customerGid !== "string") return null;
  const email = typeof order.customer?.email === "string" ? order.customer.email : null;
  return { shop, orderGid, customerGid, email };
}

function receive(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  if (!signatureMatches(body, header(req, "x-shopify-hmac-sha256"))) return answer(res, 401);
  if (header(req, "x-shopify-topic") !== "orders/paid") return answer(res, 400);
  const shop = header(req, "x-shopify-shop-domain");
  if (shop !== installedShop) return answer(res, 401);
  const input = readOrder(body, shop);
  if (!input) return answer(res, 400);
  try {
    award(input);
  } catch (error) {
    console.error(error);
    return answer(res, 500);
  }
  answer(res, 200);
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/") return answer(res, 200);
  if (req.method !== "POST" || req.url !== WEBHOOK_PATH) return answer(res, 404);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > BODY_LIMIT) {
      answer(res, 413);
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => receive(req, res, Buffer.concat(chunks, size)));
});

server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1", () => console.log(`[baseline receiver] port ${process.env.PORT}`));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => {
      db.close();
      process.exit(0);
    });
  });
}
