/**
 * A signed-in shopper's donations (the app proxy's `GET /proxy/donations`: the causes and what the shopper can give;
 * `POST /proxy/donations`: donate). The caller proves who the shopper is; the body names only the cause, the points
 * and the client's idempotency key.
 */
import { z } from "zod";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { donatePoints, getActiveCauses } from "~/loyalty/server/donations.server";
import { describeShopper } from "~/loyalty/server/storefront-account.server";
import { getStorefrontShopper } from "~/loyalty/server/storefront-shop.server";

const donateBody = z.object({
  causeId: z.string().min(1).max(64),
  points: z.unknown(),
  idempotencyKey: z.string().min(1).max(100),
});

async function parseBody(request: Request) {
  const result = donateBody.safeParse(await request.json().catch(() => null));
  if (!result.success) {
    throw new LoyaltyError("INVALID_INPUT", "Choose a cause and how many points to donate", {
      fieldErrors: Object.fromEntries(result.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message])),
    });
  }
  return result.data;
}

/** The shop's causes (facts only: the storefront words them) and the shopper's standing. */
export async function listDonationsForShopper(shopper: { shop: string; customerGid: string }) {
  const now = new Date();
  const [causes, standing] = await Promise.all([
    getActiveCauses(prisma, shopper.shop),
    getStorefrontShopper(prisma, shopper.shop, shopper.customerGid, now),
  ]);
  return {
    program: { status: standing.program.settings.status, currency: standing.program.currency ?? "USD" },
    causes: causes.map((cause) => ({
      id: cause.id,
      name: cause.name,
      description: cause.description,
      pointsPerUnit: cause.pointsPerUnit,
      minimumPoints: cause.minimumPoints,
      multiplePoints: cause.multiplePoints,
    })),
    member: describeShopper(standing),
  };
}

/** Donates the body's points to its cause for the verified shopper; answers the donation and the new standing. */
export async function donateForShopper(request: Request, shopper: { shop: string; customerGid: string }) {
  const body = await parseBody(request);
  const now = new Date();
  if (typeof body.points !== "number") {
    throw new LoyaltyError("INVALID_INPUT", "Donate a whole number of points above zero", { fieldErrors: { points: "Donate a whole number of points above zero" } });
  }
  const { donation, replayed } = await donatePoints(prisma, {
    shop: shopper.shop,
    customerGid: shopper.customerGid,
    causeId: body.causeId,
    points: body.points,
    clientKey: body.idempotencyKey,
    now,
  });
  const standing = await getStorefrontShopper(prisma, shopper.shop, shopper.customerGid, now);
  return {
    donation: {
      causeName: donation.causeName,
      points: donation.points,
      amountMinor: donation.amountMinor,
      currency: donation.currency,
      createdAt: donation.createdAt.toISOString(),
    },
    replayed,
    member: describeShopper(standing),
  };
}
