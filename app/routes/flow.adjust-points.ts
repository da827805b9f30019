import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "~/db.server";
import { MAX_ADJUSTMENT_POINTS, MAX_NOTE_LENGTH } from "~/loyalty/adjustments";
import { LoyaltyError } from "~/loyalty/errors";
import { formatPoints } from "~/loyalty/money";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { findMemberIdOf } from "~/loyalty/server/members.server";
import { answerFlowAction } from "~/shopify/flow-action.server";

/** Flow's "Adjust loyalty points" action (extensions/flow-adjust-points): what the workflow filled in. */
const properties = z.object({
  // Flow sends a customer reference as the customer's numeric id (a string).
  customer_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,20}$/, "must be a Shopify customer id")),
  points: z.coerce
    .number("must be a whole number")
    .int("must be a whole number")
    .refine((value) => value !== 0, "must not be 0: positive credits, negative debits")
    .refine((value) => Math.abs(value) <= MAX_ADJUSTMENT_POINTS, `must be at most ${MAX_ADJUSTMENT_POINTS} either way`),
  note: z.string("is required").trim().min(1, "is required: say why the points change").max(MAX_NOTE_LENGTH),
});

/** Who the ledger names for a Flow adjustment. */
const FLOW_ACTOR = "Shopify Flow";

export const action = ({ request }: ActionFunctionArgs) =>
  answerFlowAction(request, properties, async ({ shop, actionRunId, properties }) => {
    const customerGid = `gid://shopify/Customer/${properties.customer_id}`;
    const memberId = await findMemberIdOf(prisma, shop, customerGid);
    if (!memberId) throw new LoyaltyError("MEMBER_NOT_FOUND", `Customer ${properties.customer_id} is not a member of the loyalty program`);
    const { status, member: after } = await recordManualAdjustment(prisma, {
      shop,
      memberId,
      direction: properties.points > 0 ? "credit" : "debit",
      points: Math.abs(properties.points),
      note: properties.note,
      // Flow resends a run with the same id: one entry per run.
      clientKey: actionRunId,
      // The merchant set the amount when building the workflow; Flow has no one to ask at run time.
      confirm: true,
      actor: FLOW_ACTOR,
      now: new Date(),
    });
    const verb = properties.points > 0 ? "Credited" : "Debited";
    return `${verb} ${formatPoints(Math.abs(properties.points))}${status === "duplicate" ? " (already done for this run)" : ""}; balance ${formatPoints(after.balance)}`;
  });
