/**
 * The Program form's draft: the settings as the merchant types them (decimals as text: rates "1.5", multipliers
 * "1.25"), converted exactly on submit. Text the server cannot read is sent as-is, so the server's validation
 * names the field. A draft equal to the saved settings' draft has no unsaved changes.
 */
import { formatMilli, parseMilli } from "~/loyalty/money";
import { parsePointValue } from "~/loyalty/point-value";
import type { ProgramSettings } from "~/loyalty/program";

export interface TierDraft {
  id: string;
  name: string;
  threshold: string;
  multiplier: string;
}

export interface ProgramDraft {
  baseRate: string;
  includeShipping: boolean;
  includeTax: boolean;
  signupBonus: string;
  maxPointsPerOrder: string;
  productTypeRates: { productType: string; rate: string }[];
  collectionRates: { collectionGid: string; title: string; rate: string }[];
  vestingDays: string;
  expiryDays: string;
  refundPolicy: ProgramSettings["refundPolicy"];
  returnExpiredCodes: boolean;
  tierBasis: ProgramSettings["tierProgram"]["basis"];
  tierWindow: ProgramSettings["tierProgram"]["window"];
  tiers: TierDraft[];
  /** Money per point as typed; the stored fraction is sent unchanged while the text is as loaded. */
  pointValue: string;
  tierCountsManualCredits: boolean;
  mirrorMetafields: boolean;
  tierTags: boolean;
}

/** What the page loaded: the saved settings and the point value as the form first shows it. */
export interface SavedProgram {
  settings: ProgramSettings;
  pointValueText: string;
  currency: string;
}

export type UpdateDraft = (patch: Partial<ProgramDraft>) => void;
export type FieldError = (path: string) => string | undefined;

export function toDraft(settings: ProgramSettings, pointValueText: string): ProgramDraft {
  return {
    pointValue: pointValueText,
    tierCountsManualCredits: settings.tierCountsManualCredits,
    mirrorMetafields: settings.mirrorMetafields,
    tierTags: settings.tierTags,
    baseRate: formatMilli(settings.baseRateMilli),
    includeShipping: settings.includeShipping,
    includeTax: settings.includeTax,
    signupBonus: String(settings.signupBonusPoints),
    maxPointsPerOrder: String(settings.maxPointsPerOrder),
    productTypeRates: settings.productTypeRates.map((rate) => ({ productType: rate.productType, rate: formatMilli(rate.rateMilli) })),
    collectionRates: settings.collectionRates.map((rate) => ({ collectionGid: rate.collectionGid, title: rate.title, rate: formatMilli(rate.rateMilli) })),
    vestingDays: String(settings.vestingDays),
    expiryDays: settings.expiryDays === null ? "" : String(settings.expiryDays),
    refundPolicy: settings.refundPolicy,
    returnExpiredCodes: settings.returnExpiredCodes,
    tierBasis: settings.tierProgram.basis,
    tierWindow: settings.tierProgram.window,
    tiers: settings.tierProgram.tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      threshold: String(tier.threshold),
      multiplier: formatMilli(tier.multiplierMilli),
    })),
  };
}

/** True when the draft differs from what was saved (the save bar shows, leaving the page asks first). */
export function hasUnsavedChanges(draft: ProgramDraft, saved: ProgramDraft): boolean {
  return JSON.stringify(draft) !== JSON.stringify(saved);
}

function number(text: string): number | string {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

function milli(text: string): number | string {
  return parseMilli(text) ?? text;
}

function pointValueOf(draft: ProgramDraft, saved: SavedProgram): unknown {
  const text = draft.pointValue.trim();
  if (text === saved.pointValueText) return saved.settings.pointValue;
  if (text === "") return null;
  // Unreadable text goes as-is, so the server's message names the field.
  return parsePointValue(text, saved.currency) ?? text;
}

/** The settings the action validates and saves (the program's status is not edited here). */
export function fromDraft(draft: ProgramDraft, saved: SavedProgram): unknown {
  return {
    pointValue: pointValueOf(draft, saved),
    tierCountsManualCredits: draft.tierCountsManualCredits,
    mirrorMetafields: draft.mirrorMetafields,
    tierTags: draft.tierTags,
    baseRateMilli: milli(draft.baseRate),
    includeShipping: draft.includeShipping,
    includeTax: draft.includeTax,
    signupBonusPoints: number(draft.signupBonus),
    maxPointsPerOrder: number(draft.maxPointsPerOrder),
    productTypeRates: draft.productTypeRates.map((rate) => ({ productType: rate.productType, rateMilli: milli(rate.rate) })),
    collectionRates: draft.collectionRates.map((rate) => ({ collectionGid: rate.collectionGid, title: rate.title, rateMilli: milli(rate.rate) })),
    vestingDays: number(draft.vestingDays),
    expiryDays: draft.expiryDays.trim() === "" ? null : number(draft.expiryDays),
    refundPolicy: draft.refundPolicy,
    returnExpiredCodes: draft.returnExpiredCodes,
    tierProgram: {
      basis: draft.tierBasis,
      window: draft.tierWindow,
      tiers: draft.tiers.map((tier) => ({ id: tier.id, name: tier.name, threshold: number(tier.threshold), multiplierMilli: milli(tier.multiplier) })),
    },
    status: saved.settings.status,
  };
}
