/**
 * The member page's words and formats in the admin's language: ledger explanations from their kind and variables
 * (app/loyalty/ledger-explanation.ts), staff by name or id, times in the shop's zone, and the manual adjustment's
 * refusals worded from what the form sent (the server's sentences are English).
 */
import type { TFunction } from "i18next";
import { useAdminText } from "~/i18n/admin-text";
import { LARGE_CREDIT_POINTS, MAX_ADJUSTMENT_POINTS, MAX_NOTE_LENGTH } from "~/loyalty/adjustments";
import type { EntryActor, LedgerExplanation } from "~/loyalty/ledger-explanation";
import { isLedgerEntryType } from "~/loyalty/ledger-rules";
import { pointsToMinor, toPointValue, type PointValueSetting } from "~/loyalty/point-value";
import { reportFormat, type ReportFormat } from "../reports/format";

export function useMemberText() {
  const { t, formatLocale, locale } = useAdminText();
  const f = reportFormat(formatLocale);
  return { t, f, formatLocale, locale };
}

/** "Jo Lee", "staff member 12345", "the app". */
export function actorText(t: TFunction, actor: EntryActor): string {
  if (actor.kind === "app") return t("members.actor.app");
  if (actor.kind === "other") return actor.label;
  return actor.name ?? t("members.actor.staffId", { id: actor.id });
}

/** A ledger entry's explanation in the admin's language. */
export function explanationText(t: TFunction, f: ReportFormat, explain: LedgerExplanation): string {
  if (explain.kind === "recorded") return explain.text;
  const points = { count: explain.points, points: f.points(explain.points) };
  switch (explain.kind) {
    case "earn":
      return explain.order ? t("members.explain.earnOrder", { ...points, order: explain.order }) : t("members.explain.earn", points);
    case "signup":
      return t("members.explain.signup", points);
    case "bonus":
      return t("members.explain.bonus", points);
    case "redeem":
      if (explain.reward && explain.code) return t("members.explain.redeemReward", { ...points, reward: explain.reward, code: explain.code });
      return explain.code ? t("members.explain.redeemCode", { ...points, code: explain.code }) : t("members.explain.redeem", points);
    case "redeem_rollback":
      return explain.code ? t("members.explain.returnedCode", { ...points, code: explain.code }) : t("members.explain.returned", points);
    case "clawback": {
      const order = explain.order ?? t("members.explain.anOrder");
      const text = explain.cancelled ? t("members.explain.clawbackCancelled", { ...points, order }) : t("members.explain.clawbackRefunded", { ...points, order });
      return explain.shortfall > 0
        ? `${text} ${t("members.explain.shortfall", { count: explain.shortfall, points: f.points(explain.shortfall) })}`
        : text;
    }
    case "expire":
      return t("members.explain.expire", points);
    case "manual_credit":
      return t("members.explain.manualCredit", { ...points, staff: actorText(t, explain.actor) });
    case "manual_debit":
      return t("members.explain.manualDebit", { ...points, staff: actorText(t, explain.actor) });
    case "import":
      return explain.source ? t("members.explain.importFrom", { ...points, source: explain.source }) : t("members.explain.import", points);
    case "referral":
      if (explain.friend && explain.order) return t("members.explain.referralOrder", { ...points, friend: explain.friend, order: explain.order });
      return t("members.explain.referral", points);
    case "birthday": {
      const key = explain.reason === "anniversary" ? "anniversary" : "birthday";
      return explain.year ? t(`members.explain.${key}Year`, { ...points, year: explain.year }) : t(`members.explain.${key}`, points);
    }
    case "action":
      if (explain.reason === "social" && explain.network) return t("members.explain.actionSocialNetwork", { ...points, network: explain.network });
      return t(`members.explain.action_${explain.reason}`, points);
    case "survey":
    case "badge":
    case "challenge":
    case "donate":
      return explain.name ? t(`members.explain.${explain.kind}Named`, { ...points, name: explain.name }) : t(`members.explain.${explain.kind}`, points);
  }
}

/** The ledger entry type's badge ("Earned", "Gagnés"), or the type as stored for a type this page does not know. */
export function entryTypeText(t: TFunction, type: string): string {
  return isLedgerEntryType(type) ? t(`members.entryType.${type}`) : type;
}

/** Date and time in the shop's zone, zone named: "Mar 7, 2026, 12:00 AM EST" / "7 mars 2026, 00:00 UTC−5". */
export function shopDateTime(formatLocale: string, iso: string, timeZone: string): string {
  const format = new Intl.DateTimeFormat(formatLocale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  });
  return format.format(new Date(iso));
}

/** A day in the shop's zone: "Mar 7, 2026" / "7 mars 2026". */
export function shopDate(formatLocale: string, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(formatLocale, { dateStyle: "medium", timeZone }).format(new Date(iso));
}

export interface AdjustmentSent {
  direction: string;
  points: string;
  note: string;
}

export interface AdjustmentContext {
  available: number;
  pending: number;
  currency: string;
  pointValue: PointValueSetting | null;
}

/**
 * A refused adjustment's message for one field, in the admin's language, from the refusal's code and what the form
 * sent (the same rules as app/loyalty/adjustments.ts). Null when the field was not refused.
 */
export function adjustmentError(
  t: TFunction,
  f: ReportFormat,
  failure: { code: string; fieldErrors: Record<string, string> },
  field: "points" | "note" | "direction" | "clientKey",
  sent: AdjustmentSent,
  context: AdjustmentContext,
): string | null {
  if (!failure.fieldErrors[field]) return null;
  const typed = sent.points.trim();
  const points = Number(typed);
  if (field === "points") {
    if (failure.code === "CONFIRMATION_REQUIRED") {
      const values = { count: points, points: f.points(points), limit: f.points(LARGE_CREDIT_POINTS) };
      return context.pointValue
        ? t("members.adjust.errors.largeCreditWorth", { ...values, worth: f.money(pointsToMinor(points, toPointValue(context.pointValue)), context.currency) })
        : t("members.adjust.errors.largeCredit", values);
    }
    if (failure.code === "INSUFFICIENT_POINTS") {
      const available = f.points(Math.max(0, context.available));
      return context.pending > 0
        ? t("members.adjust.errors.debitPending", { count: points, points: f.points(points), available, pending: f.points(context.pending) })
        : t("members.adjust.errors.debit", { count: points, points: f.points(points), available });
    }
    if (typed === "") return t("members.adjust.errors.pointsMissing");
    if (!/^[+-]?\d+(\.\d+)?$/.test(typed) || !Number.isInteger(points)) return t("members.adjust.errors.pointsWhole");
    if (points < 1) return t("members.adjust.errors.pointsMin");
    if (points > MAX_ADJUSTMENT_POINTS) return t("members.adjust.errors.pointsMax", { max: f.points(MAX_ADJUSTMENT_POINTS) });
    return t("members.adjust.errors.pointsWhole");
  }
  if (field === "note") {
    return sent.note.trim().length > MAX_NOTE_LENGTH ? t("members.adjust.errors.noteLong", { max: f.points(MAX_NOTE_LENGTH) }) : t("members.adjust.errors.noteMissing");
  }
  if (field === "direction") return t("members.adjust.errors.direction");
  return t("members.adjust.errors.reload");
}
