import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerProxy } from "~/shopify/app-proxy.server";
import { proxyAccount } from "~/shopify/proxy-account.server";

// The production server answers this route ahead of Remix the same way: app/shopify/http-proxy.server.ts.
export const loader = ({ request }: LoaderFunctionArgs) => answerProxy(request, (request) => proxyAccount(new URL(request.url)));
