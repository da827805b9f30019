// First: stop at once, with a clear message, on a Node older than 24 (docs/decisions/013-node-24-runtime.md).
import "./runtime-check.server";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import prisma from "./db.server";
import { startOutboxWorker } from "./loyalty/server/outbox-worker.server";
import { startInboxWorker } from "./shopify/webhooks/inbox-worker.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// The production server (server.mjs) answers the inbox topics' webhooks with this, ahead of Express and Remix:
// docs/decisions/017-webhooks-ahead-of-remix.md.
export { handleWebhookRequest } from "./shopify/webhooks/http-accept.server";

const ABORT_DELAY = 5000;

// One background loop per app instance; instances share the outbox table safely (see outbox.server.ts).
startOutboxWorker();
// One inbox loop per instance (INBOX_WORKER=off on all but one process on SQLite): docs/decisions/012-webhook-inbox.md.
startInboxWorker(prisma);

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
