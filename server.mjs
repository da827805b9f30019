#!/usr/bin/env node
// The production server (`npm start`): what `remix-serve build/server/index.js` does — compression, the build's
// assets (immutable, 1 year), public/ (1 hour), a request log line, the Remix handler, HOST/PORT, close on
// SIGTERM/SIGINT — with one difference: the request log goes through `redactSecrets` (app/http/redact.mjs).
// remix-serve logs every URL with morgan "tiny", query string included, and Shopify's admin opens the app at URLs
// carrying the session token (`id_token`), `hmac`, `session` and app-proxy `signature`: none may reach a log
// (docs/decisions/010-trust-boundary.md).
// Webhooks of the inbox topics are answered ahead of all that, by the build's `handleWebhookRequest` (same checks
// and answers as their Remix routes, at a fraction of the CPU: docs/decisions/017-webhooks-ahead-of-remix.md).
//   node server.mjs [build/server/index.js]
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

// morgan's "tiny" format, with the URL redacted: `GET /app?embedded=1&id_token=[redacted]&… 200 1234 - 5.1 ms`.
morgan.token("redacted-url", (req) => redactSecrets(req.originalUrl || req.url || ""));
const requestLog = morgan(":method :redacted-url :status :res[content-length] - :response-time ms");

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
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
