import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { toMinorUnits } from "~/loyalty/money";
import { getCheckoutPoints } from "~/loyalty/server/checkout-points.server";
import { answerCheckout } from "~/shopify/customer-account.server";

/** What the thank-you block sends: the order and its lines as the checkout API gives them (amounts as decimals). */
const body = z.object({
  orderId: z.string().regex(/^gid:\/\/shopify\/Order(Identity)?\/\d{1,20}$/, "must be an Order GID"),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a currency code"),
  lines: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d{1,20}$/).nullable(),
        title: z.string().max(255),
        quantity: z.number().int().min(0).max(100_000),
        amount: z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "must be a decimal amount"),
        productType: z.string().max(255).nullable(),
        giftCard: z.boolean().default(false),
      }),
    )
    .max(500),
});

/**
 * `POST /checkout/points` from the thank-you block: the order's points (earned, or estimated from its lines).
 * A guest's token has no customer; only the token's customer's ledger is read. Writes nothing.
 */
export const action = ({ request }: ActionFunctionArgs) =>
  answerCheckout(request, async (request, { shop, customerGid }) => {
    if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Ask with a POST request");
    const parsed = body.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      throw new LoyaltyError("INVALID_INPUT", "The order's lines could not be read", {
        fieldErrors: Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message])),
      });
    }
    const { orderId, currency, lines } = parsed.data;
    const points = await getCheckoutPoints(
      prisma,
      shop,
      customerGid,
      {
        // The thank-you page names the order by its OrderIdentity; the ledger keys orders by Order GID (same id).
        orderGid: orderId.replace("/OrderIdentity/", "/Order/"),
        currency,
        lines: lines.map((line) => ({
          lineId: line.id,
          productGid: line.productId,
          title: line.title,
          quantity: line.quantity,
          amountMinor: toMinorUnits(line.amount, currency),
          productType: line.productType,
          giftCard: line.giftCard,
        })),
      },
      new Date(),
    );
    return { ...points, guest: customerGid === null };
  });

// Remix sends OPTIONS (the browser's CORS preflight) to the loader, as it does GET: the library answers the
// preflight; a GET is refused.
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCheckout(request, async () => {
    throw new Response(undefined, { status: 405, headers: { Allow: "POST, OPTIONS" } });
  });
