/**
 * Members: created when Shopify tells us about a customer; the signup bonus is a ledger entry keyed by the
 * customer's GID, so a repeated customers/create never gives it twice.
 */
import type { PrismaClient } from "@prisma/client";
import type { CustomerProfile } from "../events";
import { signupBonusKey } from "../ledger-rules";
import { formatPoints } from "../money";
import { appendEntries, lockMember } from "./ledger.server";
import { transactionWithRollups } from "./rollups.server";
import { getShopProgram } from "./program.server";

export interface SignupOutcome {
  status: "bonus_awarded" | "duplicate" | "no_bonus";
  points: number;
  message: string;
}

export async function recordCustomerCreated(db: PrismaClient, shop: string, customer: CustomerProfile, now: Date): Promise<SignupOutcome> {
  const program = await getShopProgram(db, shop);
  const bonus = program.settings.status === "live" ? program.settings.signupBonusPoints : 0;
  return transactionWithRollups(db, async (tx) => {
    const member = await lockMember(tx, shop, customer.customerGid, customer);
    if (bonus === 0) return { status: "no_bonus", points: 0, message: `Member ${customer.customerGid} joined; the program has no signup bonus` };
    const { written } = await appendEntries(
      tx,
      member,
      [
        {
          type: "bonus",
          points: bonus,
          idempotencyKey: signupBonusKey(customer.customerGid),
          explanation: `Signup bonus: ${formatPoints(bonus)} for joining`,
          breakdown: { reason: "signup", points: bonus },
        },
      ],
      { now, program },
    );
    return written.length > 0
      ? { status: "bonus_awarded", points: bonus, message: `Signup bonus of ${formatPoints(bonus)} for ${customer.customerGid}` }
      : { status: "duplicate", points: 0, message: `Signup bonus for ${customer.customerGid} was already given` };
  });
}

/** The member id of a shop's customer, or null when the customer is not a member. */
export async function findMemberIdOf(db: PrismaClient, shop: string, customerGid: string): Promise<string | null> {
  const member = await db.member.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { id: true } });
  return member?.id ?? null;
}
