import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { isLoyaltyError } from "~/loyalty/errors";
import { giveRewardFromFlow } from "~/loyalty/server/flow-rewards.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { answerFlowAction, flowFailure } from "~/shopify/flow-action.server";

/** Flow's "Give a loyalty reward code" action (extensions/flow-give-reward): what the workflow filled in. */
const properties = z.object({
  // Flow sends a customer reference as the customer's numeric id (a string).
  customer_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,20}$/, "must be a Shopify customer id")),
  reward: z.string("is required").trim().min(1, "is required: a reward's name as on the Program page").max(100),
});

export const action = ({ request }: ActionFunctionArgs) =>
  answerFlowAction(request, properties, async ({ shop, actionRunId, properties }) => {
    try {
      const given = await giveRewardFromFlow(prisma, adminGraphqlForShop, {
        shop,
        customerGid: `gid://shopify/Customer/${properties.customer_id}`,
        reward: properties.reward,
        actionRunId,
        now: new Date(),
      });
      return given.message;
    } catch (error) {
      // Shopify has not confirmed the code yet: a 5XX makes Flow retry the run, which answers the same code.
      if (isLoyaltyError(error) && error.code === "DISCOUNT_PENDING") throw flowFailure(503, error.message);
      throw error;
    }
  });
