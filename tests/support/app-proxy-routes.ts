/**
 * The app's own app proxy routes answering in process, the way Remix serves resource routes: `/proxy/<name>` is
 * the route module app/routes/proxy.<name>.ts; GET and HEAD run its loader, other methods its action; a thrown
 * Response is the answer; a route without the export the method needs answers 405, an unknown path 404.
 *
 * The routes import `~/shopify.server`, so this module must load after the fake Admin API listens (setup-env.ts
 * starts it before each test file's imports). They use the app's Prisma client (DATABASE_URL of the test file).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import * as account from "~/routes/proxy.account";
import * as birthday from "~/routes/proxy.birthday";
import * as donations from "~/routes/proxy.donations";
import * as follow from "~/routes/proxy.follow";
import * as redeem from "~/routes/proxy.redeem";
import * as engagement from "~/routes/proxy.engagement";
import * as joinChallenge from "~/routes/proxy.join-challenge";
import * as survey from "~/routes/proxy.survey";
import * as referral from "~/routes/proxy.referral";

interface ResourceRoute {
  loader?: (args: LoaderFunctionArgs) => Promise<Response>;
  action?: (args: ActionFunctionArgs) => Promise<Response>;
}

const ROUTES: Record<string, ResourceRoute> = {
  account,
  birthday,
  donations,
  follow,
  redeem,
  engagement,
  "join-challenge": joinChallenge,
  survey,
  referral,
};

const plain = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain" } });

/** Answers a request Shopify forwarded to `<app url>/proxy/<name>?…` with the app's route module. */
export async function appProxyRoutes(request: Request): Promise<Response> {
  const match = /^\/proxy\/([a-z-]+)$/.exec(new URL(request.url).pathname);
  const route = match?.[1] !== undefined && Object.hasOwn(ROUTES, match[1]) ? ROUTES[match[1]] : undefined;
  if (!route) return plain(404, "Not Found");
  const handler = request.method === "GET" || request.method === "HEAD" ? route.loader : route.action;
  if (!handler) return plain(405, "Method Not Allowed");
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
