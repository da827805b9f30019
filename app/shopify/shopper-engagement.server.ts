/**
 * A signed-in shopper's birthday, social follows and referral link: one function per action for every surface with a
 * verified shopper (the app proxy's `/proxy/birthday`, `/proxy/follow` and `/proxy/referral`, the customer account's
 * `/customer-account/birthday` and `/customer-account/referral`). The caller proves who the shopper is; only the date or the network is read from
 * the body, checked here, and a refusal answers its field error and writes nothing.
 */
import { z } from "zod";
import { appNow } from "~/clock.server";
import prisma from "~/db.server";
import { LoyaltyError } from "~/loyalty/errors";
import { getShopperActions, recordSocialClick } from "~/loyalty/server/actions.server";
import { getMemberBirthday, setMemberBirthday } from "~/loyalty/server/birthdays.server";
import { getMemberReferral } from "~/loyalty/server/referrals.server";

interface Shopper {
  shop: string;
  customerGid: string;
}

const whole = (field: string) =>
  z.union([z.number(), z.string().trim().regex(/^\d{1,4}$/, `Enter the ${field} as a number`).transform(Number)]).pipe(z.number().int(`Enter the ${field} as a whole number`));

const birthdayBody = z.object({
  month: whole("month"),
  day: whole("day"),
  year: z.union([z.literal(""), z.null(), whole("year")]).optional().transform((value) => (value === "" || value === undefined ? null : value)),
});

async function readJson(request: Request): Promise<unknown> {
  return request.json().catch(() => null);
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".") || "body"] ??= issue.message;
  return fieldErrors;
}

/** GET: the shopper's birthday and the shop's offers; POST `{ month, day, year? }`: sets it. */
export async function birthdayForShopper(request: Request, shopper: Shopper) {
  const now = appNow();
  if (request.method === "GET") {
    return { ...(await getMemberBirthday(prisma, shopper.shop, shopper.customerGid, now)), ...(await getShopperActions(prisma, shopper.shop, shopper.customerGid, now)) };
  }
  if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Send the birthday with a POST request");
  const parsed = birthdayBody.safeParse(await readJson(request));
  if (!parsed.success) throw new LoyaltyError("INVALID_INPUT", "Enter a birthday: month and day, and the year if you like", { fieldErrors: fieldErrorsOf(parsed.error) });
  return setMemberBirthday(prisma, { ...shopper, birthday: parsed.data, now });
}

const followBody = z.object({ network: z.string().min(1).max(30) });

/** POST `{ network }`: the shopper followed the shop there; the points follow after the honour-system wait. */
export async function followForShopper(request: Request, shopper: Shopper) {
  if (request.method !== "POST") throw new LoyaltyError("INVALID_INPUT", "Send the follow with a POST request");
  const parsed = followBody.safeParse(await readJson(request));
  if (!parsed.success) throw new LoyaltyError("INVALID_INPUT", "Choose a network", { fieldErrors: fieldErrorsOf(parsed.error) });
  return recordSocialClick(prisma, { ...shopper, network: parsed.data.network, now: appNow() });
}

/**
 * GET: the member's referral code and link, how many friends ordered and the referrer's points still pending;
 * `{ referral: null }` when referrals are off or the customer is not a member (docs/decisions/033-referrals.md).
 */
export async function referralForShopper(shopper: Shopper) {
  const referral = await getMemberReferral(prisma, shopper.shop, shopper.customerGid, appNow());
  return {
    referral: referral && {
      code: referral.code,
      link: referral.link,
      referred: referral.referred,
      pendingPoints: referral.pendingPoints,
      referrerPoints: referral.settings.referrerPoints,
    },
  };
}
