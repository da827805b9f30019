/**
 * A ledger entry's explanation as structured data (a kind and its variables), so the admin can say it in the
 * merchant's language with its own words (`members.explain.<kind>`), instead of showing the English sentence the
 * ledger stored when the entry was written.
 *
 * Rules:
 * - The stored `explanation` is never rewritten (the ledger is append-only) and stays the books' text (CSV export).
 *   This module derives the kind from what the entry holds: its type, signed points, order, actor and the JSON
 *   breakdown written with it. Only the redeemed reward's name is read back from the stored text
 *   ("Redeemed 500 pts for $5 off (code PTS-…)"), because the breakdown keeps the reward's id, not its name.
 * - A staff actor (`staff:<user id>`) is named when the entry's breakdown recorded the staff member's name
 *   (`staffName`, from Shopify's online-token user), else by id: the page says "staff member 12345".
 * - An entry this module does not know (a type added later) keeps its stored text: kind `recorded`.
 * - The bonus-like types and donations read their variables from the breakdown their writer stores:
 *     referral   { friendName?: "Jo L." }                    + the friend's order as `order`
 *     birthday   { reason: "birthday" | "anniversary", year?: 2026 }
 *     survey     { surveyName?: "Post-purchase" }
 *     action     { reason: "newsletter" | "profile" | "social", network?: "instagram" }
 *     badge      { badgeName?: "Explorer" }
 *     challenge  { challengeName?: "Holiday duo" }
 *     donate     { causeName?: "Ocean cleanup" }
 *   A missing name gives the sentence without it ("Referral bonus", "Badge earned").
 * - Pure: no formatting (the page formats numbers for its language).
 */
import { IMPORT_SOURCE_LABELS, isImportSource } from "./points-import";

export type EntryActor = { kind: "app" } | { kind: "staff"; id: string; name: string | null } | { kind: "other"; label: string };

export type LedgerExplanation =
  | { kind: "earn"; points: number; order: string | null }
  | { kind: "signup"; points: number }
  | { kind: "bonus"; points: number }
  | { kind: "redeem"; points: number; reward: string | null; code: string | null }
  | { kind: "redeem_rollback"; points: number; code: string | null }
  | { kind: "clawback"; points: number; order: string | null; cancelled: boolean; shortfall: number }
  | { kind: "expire"; points: number }
  | { kind: "manual_credit" | "manual_debit"; points: number; actor: EntryActor }
  | { kind: "import"; points: number; source: string | null }
  | { kind: "referral"; points: number; friend: string | null; order: string | null }
  | { kind: "birthday"; points: number; reason: "birthday" | "anniversary"; year: number | null }
  | { kind: "action"; points: number; reason: "newsletter" | "profile" | "social" | "other"; network: string | null }
  | { kind: "survey" | "badge" | "challenge" | "donate"; points: number; name: string | null }
  | { kind: "recorded"; text: string };

export interface ExplainableEntry {
  type: string;
  /** Signed, as stored. */
  points: number;
  explanation: string;
  /** The order as the merchant knows it ("#1003"), already resolved by the caller. */
  order: string | null;
  actor: string | null;
  /** The stored JSON breakdown, or null. */
  breakdown: string | null;
}

function parse(breakdown: string | null): Record<string, unknown> {
  if (!breakdown) return {};
  try {
    const value: unknown = JSON.parse(breakdown);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

/** `staff:12345` (with the name the breakdown recorded, if any), null → the app, anything else as stored. */
export function describeEntryActor(actor: string | null, staffName: string | null): EntryActor {
  if (actor === null) return { kind: "app" };
  const staff = /^staff:(\d+)$/.exec(actor);
  if (staff?.[1]) return { kind: "staff", id: staff[1], name: staffName };
  return { kind: "other", label: actor };
}

export function explainLedgerEntry(entry: ExplainableEntry): LedgerExplanation {
  const breakdown = parse(entry.breakdown);
  const points = Math.abs(entry.points);
  switch (entry.type) {
    case "earn":
      return { kind: "earn", points, order: entry.order };
    case "bonus":
      return breakdown.reason === "signup" ? { kind: "signup", points } : { kind: "bonus", points };
    case "redeem": {
      const stored = /\bfor (.+) \(code ([^)]+)\)$/.exec(entry.explanation);
      return { kind: "redeem", points, reward: stored?.[1] ?? null, code: text(breakdown.code) ?? stored?.[2] ?? null };
    }
    case "redeem_rollback":
      return { kind: "redeem_rollback", points, code: text(breakdown.code) };
    case "clawback":
      return {
        kind: "clawback",
        points,
        order: entry.order,
        cancelled: breakdown.cancelled === true,
        shortfall: typeof breakdown.shortfall === "number" && breakdown.shortfall > 0 ? breakdown.shortfall : 0,
      };
    case "expire":
      return { kind: "expire", points };
    case "manual_credit":
    case "manual_debit":
      return { kind: entry.type, points, actor: describeEntryActor(entry.actor, text(breakdown.staffName)) };
    case "import": {
      const source = text(breakdown.source);
      return { kind: "import", points, source: source && isImportSource(source) && source !== "other" ? IMPORT_SOURCE_LABELS[source] : null };
    }
    case "referral":
      return { kind: "referral", points, friend: text(breakdown.friendName), order: entry.order };
    case "birthday":
      return {
        kind: "birthday",
        points,
        reason: breakdown.reason === "anniversary" ? "anniversary" : "birthday",
        year: typeof breakdown.year === "number" && Number.isSafeInteger(breakdown.year) ? breakdown.year : null,
      };
    case "action": {
      const reason = breakdown.reason === "newsletter" || breakdown.reason === "profile" || breakdown.reason === "social" ? breakdown.reason : "other";
      return { kind: "action", points, reason, network: text(breakdown.network) };
    }
    case "survey":
      return { kind: "survey", points, name: text(breakdown.surveyName) };
    case "badge":
      return { kind: "badge", points, name: text(breakdown.badgeName) };
    case "challenge":
      return { kind: "challenge", points, name: text(breakdown.challengeName) };
    case "donate":
      return { kind: "donate", points, name: text(breakdown.causeName) };
    default:
      return { kind: "recorded", text: entry.explanation };
  }
}
