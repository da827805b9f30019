/**
 * The liability report: the roll-forward, points over time, redemption rates and breakage, from ledger
 * aggregates.
 *
 * Rules:
 * - Points issued = earned net of clawbacks and manual debits (earned + clawedBack + adjustedOut, signed);
 *   points redeemed = redeem net of rollbacks (as a positive number). Donated points are not redeemed, but breakage
 *   counts them with redemptions as points whose fate is decided (spent by the member).
 * - Redemption rate = points redeemed ÷ points issued: for the range (movements within it) and to date (every
 *   entry up to the end of the range). No rate without issued points.
 * - Breakage is estimated as of the end of the range (breakage.ts) over the maturity window: the
 *   `maturityDays` report days ending on the range's last day. Its money is the expected breakage points at the
 *   point value (rounded half up once); liability net of breakage = closing money − that.
 */
import { pointsToMinor } from "../point-value";
import type { PointValue } from "../simulator";
import { estimateBreakage, type BreakageEstimate } from "./breakage";
import { addDays } from "./calendar";
import { ratioBasisPoints } from "./rates";
import { addMovements, calculateRollForward, netMovement, type DailyMovements, type Movements, type RollForward } from "./roll-forward";

/** Issued (net) as figures.ts defines it (ISSUED_TYPES), from the roll-forward's columns. */
export function issuedOf(movements: Movements): number {
  return movements.earned + movements.clawedBack + movements.adjustedOut;
}

/** Points the member spent (redeemed and donated), as a positive number: breakage's "redeemed" (figures.ts SPENT_TYPES). */
export function spentOf(movements: Movements): number {
  return 0 - movements.redeemed - movements.donated;
}

/** Redeemed points as a positive number (0 − x, not −x: no −0 in JSON or tests). */
export function redeemedOf(movements: Movements): number {
  return 0 - movements.redeemed;
}

export interface LiabilityInput {
  /** The report days, in order. */
  dates: readonly string[];
  /** Σ points per column of every entry before the first day. */
  beforeRange: Movements;
  /** Movements per day within the range (quiet days may be left out). */
  daily: readonly DailyMovements[];
  maturityDays: number;
  /** Net points issued within the maturity window but before the first day (0 when the window starts later). */
  issuedInWindowBeforeRange: number;
  pointValue: PointValue;
}

export interface LiabilityReport {
  rollForward: RollForward;
  /** Movements of every entry up to the end of the range. */
  toDate: Movements;
  redemption: {
    issuedInRange: number;
    redeemedInRange: number;
    rangeRateBasisPoints: number | null;
    issuedToDate: number;
    redeemedToDate: number;
    toDateRateBasisPoints: number | null;
  };
  /** First day of the maturity window ("YYYY-MM-DD"). */
  maturityWindowStart: string;
  breakage: BreakageEstimate;
  /** Money of the breakage estimate (null when there is no estimate). */
  breakageMoney: { expectedBreakageMinor: number; liabilityNetMinor: number } | null;
}

export function calculateLiabilityReport(input: LiabilityInput): LiabilityReport {
  const rollForward = calculateRollForward({
    dates: input.dates,
    openingPoints: netMovement(input.beforeRange),
    daily: input.daily,
    pointValue: input.pointValue,
  });
  const lastDate = input.dates[input.dates.length - 1] ?? "";
  const maturityWindowStart = addDays(lastDate, -(input.maturityDays - 1));
  const issuedInWindow =
    input.issuedInWindowBeforeRange +
    rollForward.rows.filter((row) => row.date >= maturityWindowStart).reduce((sum, row) => sum + issuedOf(row.movements), 0);

  const range = rollForward.totals.movements;
  const toDate = addMovements(input.beforeRange, range);
  const outstanding = rollForward.totals.closing;
  const breakage = estimateBreakage({
    issued: issuedOf(toDate),
    redeemed: spentOf(toDate),
    outstanding,
    issuedInWindow,
    maturityDays: input.maturityDays,
  });
  const closingMinor = rollForward.totals.money?.closing ?? pointsToMinor(outstanding, input.pointValue);
  const expectedBreakageMinor = breakage.status === "estimated" ? pointsToMinor(breakage.expectedBreakagePoints, input.pointValue) : null;
  return {
    rollForward,
    toDate,
    redemption: {
      issuedInRange: issuedOf(range),
      redeemedInRange: redeemedOf(range),
      rangeRateBasisPoints: ratioBasisPoints(redeemedOf(range), issuedOf(range)),
      issuedToDate: issuedOf(toDate),
      redeemedToDate: redeemedOf(toDate),
      toDateRateBasisPoints: ratioBasisPoints(redeemedOf(toDate), issuedOf(toDate)),
    },
    maturityWindowStart,
    breakage,
    breakageMoney: expectedBreakageMinor === null ? null : { expectedBreakageMinor, liabilityNetMinor: closingMinor - expectedBreakageMinor },
  };
}
