/**
 * GDPR / privacy webhooks and uninstall.
 *
 * Rules:
 * - customers/data_request: everything we hold about the customer is assembled into one JSON export and kept
 *   (DataRequest) for the merchant to hand over. Shopify expects no data in the webhook response.
 * - customers/redact: personal data (name, email, notes, the link to the Shopify customer) is erased; ledger
 *   amounts, types and dates stay, under a pseudonymous member, so liability and reports still add up.
 * - customers/redact also deletes the webhook payloads that name the customer (the inbox), processed or not.
 * - shop/redact: every row of the shop is deleted (the inbox included; the installation record stays, so a
 *   redelivered shop/redact is still accepted). app/uninstalled only ends the sessions (Shopify sends
 *   shop/redact 48 hours later, and a merchant who reinstalls meanwhile keeps their program).
 */
import type { PrismaClient } from "@prisma/client";
import type { ComplianceCustomerRequest } from "../events";
import { signupBonusKey } from "../ledger-rules";
import { toSafeNumber, withSafeNumbers } from "../safe-integer";
import { referralDataFor, redactReferrals, REFERRAL_ORDER } from "./referrals.server";
import { refreshCustomerRollups, transactionWithRollups } from "./rollups.server";

export async function exportCustomerData(db: PrismaClient, shop: string, request: ComplianceCustomerRequest, now: Date) {
  const member = await db.member.findUnique({
    where: { shop_customerGid: { shop, customerGid: request.customerGid } },
    include: { entries: { orderBy: { createdAt: "asc" } } },
  });
  const orders = await db.orderRecord.findMany({
    where: { shop, customerGid: request.customerGid },
    select: { orderGid: true, status: true, paidAt: true, cancelledAt: true, earnedPoints: true, clawedTarget: true },
  });
  const redemptions = member
    ? await db.redemption.findMany({
        where: { memberId: member.id },
        select: { code: true, rewardName: true, pointsCost: true, status: true, createdAt: true, expiresAt: true, usedAt: true },
      })
    : [];
  // The birthday and the names and consent seen on customers/update (docs/decisions/034-birthdays-and-actions.md).
  const profile = member ? await db.memberProfile.findUnique({ where: { memberId: member.id } }) : null;
  const data = {
    shop,
    customerGid: request.customerGid,
    generatedAt: now.toISOString(),
    member: member
      ? {
          displayName: member.displayName,
          email: member.email,
          // Numbers, never bigint: the export is JSON.
          balance: toSafeNumber(member.balance, "Balance"),
          lifetimeEarned: toSafeNumber(member.lifetimeEarned, "Lifetime earned"),
          lifetimeRedeemed: toSafeNumber(member.lifetimeRedeemed, "Lifetime redeemed"),
          joinedAt: member.createdAt.toISOString(),
          ledger: member.entries.map((entry) => ({
            type: entry.type,
            points: toSafeNumber(entry.points, "Entry points"),
            explanation: entry.explanation,
            orderGid: entry.orderGid,
            note: entry.note,
            createdAt: entry.createdAt.toISOString(),
          })),
        }
      : null,
    orders: orders.map(withSafeNumbers),
    redemptions: redemptions.map(withSafeNumbers),
    referrals: await referralDataFor(db, shop, request.customerGid, member?.id ?? null),
    profile: profile
      ? {
          birthday: profile.birthMonth === null ? null : { month: profile.birthMonth, day: profile.birthDay, year: profile.birthYear },
          birthdaySetAt: profile.birthdaySetAt?.toISOString() ?? null,
          firstName: profile.firstName,
          lastName: profile.lastName,
          emailMarketing: profile.emailMarketing,
        }
      : null,
  };
  await db.dataRequest.create({
    data: { shop, customerGid: request.customerGid, requestId: request.dataRequestId, export: JSON.stringify(data), createdAt: now },
  });
  return data;
}

export async function redactCustomer(db: PrismaClient, shop: string, request: ComplianceCustomerRequest, now: Date) {
  return transactionWithRollups(db, async (tx) => {
    const member = await tx.member.findUnique({ where: { shop_customerGid: { shop, customerGid: request.customerGid } } });
    await tx.orderRecord.updateMany({ where: { shop, customerGid: request.customerGid }, data: { customerGid: null, earnInput: null } });
    // Its orders become guests' in the report rollups, and the customer's own figures go.
    refreshCustomerRollups(tx, [{ shop, customerGid: request.customerGid }]);
    await tx.dataRequest.deleteMany({ where: { shop, customerGid: request.customerGid } });
    // Webhook payloads naming the customer, processed or not (an unprocessed one will not be applied).
    await tx.webhookPayload.deleteMany({ where: { shop, delivery: { customerGid: request.customerGid } } });
    await tx.webhookDelivery.deleteMany({ where: { shop, customerGid: request.customerGid } });
    // Points import rows naming the customer (by id, or by the member's email) or matched to it.
    const keys = [request.customerGid, ...(member?.email ? [member.email.trim().toLowerCase()] : [])];
    // Referrals: the customer's code goes; as a friend, their name and id are erased; an undecided order's job too.
    await redactReferrals(tx, shop, request.customerGid, member?.id ?? null);
    await tx.outboxJob.deleteMany({ where: { shop, kind: REFERRAL_ORDER, payload: { contains: `"customerGid":"${request.customerGid}"` } } });
    await tx.pointsImportRow.deleteMany({ where: { shop, OR: [{ keyValue: { in: keys } }, ...(member ? [{ memberId: member.id }] : [])] } });
    if (!member) return { redacted: false };
    await tx.member.update({
      where: { id: member.id },
      data: { customerGid: `redacted:${member.id}`, displayName: null, email: null, redactedAt: now },
    });
    // Notes are free text a merchant typed and may name the person: the one field of the ledger we erase.
    await tx.ledgerEntry.updateMany({ where: { memberId: member.id, note: { not: null } }, data: { note: null } });
    // The signup bonus is keyed by the customer GID: re-key it to the pseudonym so no row links back.
    await tx.ledgerEntry.updateMany({
      where: { shop, idempotencyKey: signupBonusKey(request.customerGid) },
      data: { idempotencyKey: `bonus:signup:redacted:${member.id}` },
    });
    await tx.outboxJob.deleteMany({ where: { shop, dedupeKey: member.id } });
    // Flow trigger events name the customer (customer_id); a redacted member never fires again (flow-triggers.server.ts).
    await tx.flowEvent.deleteMany({ where: { shop, memberId: member.id } });
    await tx.flowCursor.deleteMany({ where: { memberId: member.id } });
    await tx.memberProductGroups.deleteMany({ where: { memberId: member.id } });
    // Cash-back (ADR 038): the amounts stay for the liability, the link to the person goes; nothing more is paid.
    await tx.cashbackCredit.updateMany({ where: { memberId: member.id, status: "pending" }, data: { status: "reversed", lastError: "The customer's data was erased: nothing is paid" } });
    await tx.cashbackCredit.updateMany({ where: { memberId: member.id }, data: { customerGid: `redacted:${member.id}` } });
    // The birthday, names and consent state; and a follow still waiting for its credit.
    await tx.memberProfile.deleteMany({ where: { memberId: member.id } });
    await tx.outboxJob.deleteMany({ where: { shop, dedupeKey: { startsWith: `${member.id}:` } } });
    return { redacted: true };
  });
}

export async function redactShop(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.ledgerEntry.deleteMany({ where: { shop } }),
    db.member.deleteMany({ where: { shop } }),
    db.orderRecord.deleteMany({ where: { shop } }),
    db.refundRecord.deleteMany({ where: { shop } }),
    db.productCache.deleteMany({ where: { shop } }),
    db.outboxJob.deleteMany({ where: { shop } }),
    db.dataRequest.deleteMany({ where: { shop } }),
    db.redemption.deleteMany({ where: { shop } }),
    db.reward.deleteMany({ where: { shop } }),
    db.earningRule.deleteMany({ where: { shop } }),
    db.tier.deleteMany({ where: { shop } }),
    db.program.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.webhookPayload.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
    db.rollupState.deleteMany({ where: { shop } }),
    db.dailyLedgerRollup.deleteMany({ where: { shop } }),
    db.dailyOrderRollup.deleteMany({ where: { shop } }),
    db.orderRollup.deleteMany({ where: { shop } }),
    db.customerRollup.deleteMany({ where: { shop } }),
    db.shopAuthState.deleteMany({ where: { shop } }),
    db.pointsImportRow.deleteMany({ where: { shop } }),
    db.cashbackDebit.deleteMany({ where: { shop } }),
    db.cashbackCredit.deleteMany({ where: { shop } }),
    db.pointsImport.deleteMany({ where: { shop } }),
    db.customerEnrolment.deleteMany({ where: { shop } }),
    db.insightsSnapshot.deleteMany({ where: { shop } }),
    db.orderBackfill.deleteMany({ where: { shop } }),
    db.flowEvent.deleteMany({ where: { shop } }),
    db.flowCursor.deleteMany({ where: { shop } }),
    db.memberProductGroups.deleteMany({ where: { shop } }),
    db.referral.deleteMany({ where: { shop } }),
    db.referralCode.deleteMany({ where: { shop } }),
    db.referralSettings.deleteMany({ where: { shop } }),
    db.productGroupsCursor.deleteMany({ where: { shop } }),
    db.flowSettings.deleteMany({ where: { shop } }),
    db.memberProfile.deleteMany({ where: { shop } }),
    db.donation.deleteMany({ where: { shop } }),
    db.donationCause.deleteMany({ where: { shop } }),
    db.engagementSettings.deleteMany({ where: { shop } }),
    db.memberBadge.deleteMany({ where: { shop } }),
    db.badge.deleteMany({ where: { shop } }),
    db.challengeMember.deleteMany({ where: { shop } }),
    db.challenge.deleteMany({ where: { shop } }),
  ]);
}

export async function recordAppUninstalled(db: PrismaClient, shop: string): Promise<void> {
  await db.session.deleteMany({ where: { shop } });
}
