import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { getOrderPointsOf } from "~/loyalty/server/order-points.server";
import { answerCustomerAccount } from "~/shopify/customer-account.server";

const orderGid = z.string().regex(/^gid:\/\/shopify\/Order\/\d{1,20}$/, "order must be an Order GID");

/**
 * `GET /customer-account/order?order=gid://shopify/Order/…`: what this order did to the token's customer's points.
 * Only that customer's entries are read (getOrderPointsOf).
 */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCustomerAccount(request, async (_request, { shop, customerGid }) => {
    const order = orderGid.safeParse(new URL(request.url).searchParams.get("order"));
    if (!order.success) throw new LoyaltyError("INVALID_INPUT", "Name the order as gid://shopify/Order/<id>");
    const points = await getOrderPointsOf(prisma, shop, customerGid, order.data, new Date());
    return { order: order.data, ...points, availableOn: points.availableOn?.toISOString() ?? null };
  });

// Remix sends POST, PUT, PATCH and DELETE here (refused); OPTIONS, the CORS preflight, goes to the loader.
export const action = ({ request }: ActionFunctionArgs) =>
  answerCustomerAccount(request, async () => {
    throw new Response(undefined, { status: 405, headers: { Allow: "GET, OPTIONS" } });
  });
