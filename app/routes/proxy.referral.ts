/**
 * The storefront's referral calls through the app proxy (docs/decisions/033-referrals.md):
 * - GET: the signed-in member's referral code and link (401 when logged out; `{ referral: null }` when referrals are
 *   off or the customer is not a member yet).
 * - POST `{ ref, clickKey }`: a friend opened a referral link; answers the friend's single-use code. The shopper may
 *   be logged out (the signature is still required); a forged or unknown code answers `{ status: "ignored" }`.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { isLoyaltyError, LoyaltyError } from "~/loyalty/errors";
import { claimFriendCode } from "~/loyalty/server/referrals.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";
import { referralForShopper } from "~/shopify/shopper-engagement.server";

export const loader = ({ request }: LoaderFunctionArgs) => answerProxy(request, async (request) => referralForShopper(await requireProxyShopper(request)));

/** The signed shop, and the signed-in customer when there is one (a friend is usually logged out). */
async function signedVisitor(request: Request): Promise<{ shop: string; customerGid: string | null }> {
  try {
    return await requireProxyShopper(request);
  } catch (error) {
    // Thrown only after the signature and the shop were checked.
    if (isLoyaltyError(error) && error.code === "NOT_LOGGED_IN") return { shop: new URL(request.url).searchParams.get("shop") ?? "", customerGid: null };
    throw error;
  }
}

export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => {
    if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Claim a referral with a POST request");
    const { shop, customerGid } = await signedVisitor(request);
    const body = (await request.json().catch(() => null)) as { ref?: unknown; clickKey?: unknown } | null;
    return claimFriendCode(prisma, adminGraphqlForShop, { shop, ref: body?.ref, clickKey: body?.clickKey, customerGid, now: new Date() });
  });
