import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { joinChallenge } from "~/loyalty/server/engagement-storefront.server";
import { answerProxy, requireProxyShopper } from "~/shopify/app-proxy.server";

const joinBody = z.object({ challengeId: z.string().min(1).max(64) });

/** The signed shopper joins a challenge: `{ challengeId }`; answers their badges and challenges. */
export const action = ({ request }: ActionFunctionArgs) =>
  answerProxy(request, async (request) => {
    const { shop, customerGid } = await requireProxyShopper(request);
    if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Join with a POST request");
    const body = joinBody.safeParse(await request.json().catch(() => null));
    if (!body.success) throw new LoyaltyError("INVALID_INPUT", "Choose a challenge to join", { fieldErrors: { challengeId: "not_found" } });
    return joinChallenge(prisma, shop, customerGid, body.data.challengeId, new Date());
  });
