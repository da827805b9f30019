#!/usr/bin/env node
// The production server (`npm start`): what `remix-serve build/server/index.js` does — compression, the build's
// assets (immutable, 1 year), public/ (1 hour), a request log line, the Remix handler, HOST/PORT, close on
// SIGTERM/SIGINT — with two differences: the request log goes through `redactSecrets` (app/http/redact.mjs), and
// the static files are looked for only under names that exist (`staticFiles`, docs/decisions/016-storefront-path.md).
// remix-serve logs every URL with morgan "tiny", query string included, and Shopify's admin opens the app at URLs
// carrying the session token (`id_token`), `hmac`, `session` and app-proxy `signature`: none may reach a log
// (docs/decisions/010-trust-boundary.md).
// Webhooks of the inbox topics are answered ahead of all that, by the build's `handleWebhookRequest` (same checks
// and answers as their Remix routes, at a fraction of the CPU: docs/decisions/017-webhooks-ahead-of-remix.md).
//   node server.mjs [build/server/index.js]
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { redactSecrets } from "./app/http/redact.mjs";

const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const port = Number(process.env.PORT || 3000);

/**
 * express.static for `dir`, asked only about paths whose first segment names an entry of `dir` at start-up (the
 * build's files, public/): express.static stats every path it is given, and for an app request (/app, /proxy/…,
 * /webhooks/…) that is a failed stat and an error object, about 0.1 ms of CPU each. A deployed build's files do not
 * change while it runs.
 */
function staticFiles(dir, options) {
  const names = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const serve = express.static(dir, options);
  return (req, res, next) => {
    const first = req.path.split("/")[1] ?? "";
    let name = first;
    try {
      name = decodeURIComponent(first);
    } catch {
      // A malformed escape: express.static answers it as it always did.
      return serve(req, res, next);
    }
    return names.has(name) ? serve(req, res, next) : next();
  };
}

// morgan's "tiny" format, with the URL redacted: `GET /app?embedded=1&id_token=[redacted]&… 200 1234 - 5.1 ms`.
morgan.token("redacted-url", (req) => redactSecrets(req.originalUrl || req.url || ""));
const requestLog = morgan(":method :redacted-url :status :res[content-length] - :response-time ms");

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, staticFiles(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(staticFiles("public", { maxAge: "1h" }));
app.use(requestLog);
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

/** @type {(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => boolean} */
const handleWebhook = build.entry.module.handleWebhookRequest ?? (() => false);
const server = createServer((request, response) => {
  if (!handleWebhook(request, response)) app(request, response);
});
const onListen = () => console.log(`[server] http://${process.env.HOST || "localhost"}:${port}`);
if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
else server.listen(port, onListen);
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close((error) => error && console.error(error)));
