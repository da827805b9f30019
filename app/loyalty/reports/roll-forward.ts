/**
 * The daily liability roll-forward: outstanding points at the start of each day, what moved them, and where they
 * ended, in points and in money at the shop's point value.
 *
 * Rules:
 * - Columns (signed, as stored in the ledger): earned = earn + bonus (and the bonus-like types: referral, birthday,
 *   survey, action, badge, challenge) + manual_credit + import (balances brought from another app are points
 *   issued); redeemed = redeem net of redeem_rollback; donated = donate (points given to a cause: the shop now owes
 *   the cause money, not the member points); clawedBack = clawback; expired = expire; adjustedOut = manual_debit.
 *   closing = opening + Σ columns, for every day and for the range.
 * - opening(first day) = Σ points of every entry before the range; opening(day + 1) = closing(day). So the last
 *   closing is Σ points of every entry up to the end of the range: the outstanding liability.
 * - An entry belongs to the shop-local day containing its `createdAt` (see calendar.ts).
 * - Money, rounded once: a balance (opening/closing) is points × point value rounded half up (`pointsToMinor`).
 *   A day's money movement is split across its columns so the money row balances exactly: each column gets its
 *   exact value rounded down, and the cents still missing to reach closing − opening go one each to the columns
 *   with the largest fractions (ties to the earlier column). Every money cell is its exact value rounded down or
 *   up; range totals are the sums of the daily cells, so a total may differ by rounding from converting the
 *   points total directly.
 */
import { LoyaltyError } from "../errors";
import { LIFETIME_EARNED_TYPES, REDEEMED_TYPES } from "../figures";
import type { LedgerEntryType } from "../ledger-rules";
import { pointsToMinor } from "../point-value";
import type { PointValue } from "../simulator";
import type { DayBoundary } from "./calendar";

export const MOVEMENT_COLUMNS = ["earned", "redeemed", "donated", "clawedBack", "expired", "adjustedOut"] as const;
export type MovementColumn = (typeof MOVEMENT_COLUMNS)[number];
export type Movements = Record<MovementColumn, number>;

/** The ledger entry types each column sums. */
export const COLUMN_TYPES: Record<MovementColumn, readonly LedgerEntryType[]> = {
  // One definition per figure (figures.ts): lifetime earned and redeemed are these columns, and points imported
  // from another app are issued too (they count in no member's lifetime earned, but they are liability).
  earned: [...LIFETIME_EARNED_TYPES, "import"],
  redeemed: REDEEMED_TYPES,
  donated: ["donate"],
  clawedBack: ["clawback"],
  expired: ["expire"],
  adjustedOut: ["manual_debit"],
};

export function columnOf(type: LedgerEntryType): MovementColumn {
  for (const column of MOVEMENT_COLUMNS) if (COLUMN_TYPES[column].includes(type)) return column;
  throw new LoyaltyError("INVALID_INPUT", `No roll-forward column for entry type ${type}`);
}

export function emptyMovements(): Movements {
  return { earned: 0, redeemed: 0, donated: 0, clawedBack: 0, expired: 0, adjustedOut: 0 };
}

export function netMovement(movements: Movements): number {
  return MOVEMENT_COLUMNS.reduce((sum, column) => sum + movements[column], 0);
}

export function addMovements(a: Movements, b: Movements): Movements {
  const sum = emptyMovements();
  for (const column of MOVEMENT_COLUMNS) sum[column] = a[column] + b[column];
  return sum;
}

export interface DailyMovements {
  date: string;
  movements: Movements;
}

export interface Balances {
  opening: number;
  movements: Movements;
  closing: number;
}

export interface RollForwardRow extends Balances {
  date: string;
  /** The same row in minor units (null without a point value). */
  money: Balances | null;
}

export interface RollForward {
  rows: RollForwardRow[];
  totals: Balances & { money: Balances | null };
}

function requireInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new LoyaltyError("INVALID_INPUT", `${what} must be a whole number of points, got ${value}`);
}

/** floor(a / b) and its remainder in [0, b), for b > 0. */
function floorDivision(a: bigint, b: bigint): { quotient: bigint; remainder: bigint } {
  let quotient = a / b;
  let remainder = a % b;
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += b;
  }
  return { quotient, remainder };
}

/**
 * Splits the money change of one day (`target` minor units) across its columns: floors first, then one unit to
 * each of the `target − Σ floors` columns with the largest remainders. That count is always between 0 and the
 * number of columns with a remainder, because |target − exact total| < 1 (two half-up roundings).
 */
export function allocateMovementMoney(movements: Movements, target: number, value: PointValue): Movements {
  const numerator = BigInt(value.minorPerPoint.numerator);
  const denominator = BigInt(value.minorPerPoint.denominator);
  const parts = MOVEMENT_COLUMNS.map((column, index) => ({ column, index, ...floorDivision(BigInt(movements[column]) * numerator, denominator) }));
  let missing = BigInt(target) - parts.reduce((sum, part) => sum + part.quotient, 0n);
  const withRemainder = parts.filter((part) => part.remainder > 0n);
  if (missing < 0n || missing > BigInt(withRemainder.length)) {
    throw new LoyaltyError("INVALID_INPUT", `Cannot split ${target} minor units across the day's movements: rounding is off by ${missing}`);
  }
  withRemainder.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const money = emptyMovements();
  for (const part of parts) money[part.column] = Number(part.quotient);
  for (const part of withRemainder) {
    if (missing === 0n) break;
    money[part.column] += 1;
    missing -= 1n;
  }
  return money;
}

/**
 * The roll-forward over `dates` (consecutive report days, in order). `daily` may omit quiet days and must not
 * name a date outside `dates`.
 */
export function calculateRollForward(input: {
  dates: readonly string[];
  openingPoints: number;
  daily: readonly DailyMovements[];
  pointValue: PointValue | null;
}): RollForward {
  requireInteger(input.openingPoints, "The opening balance");
  const byDate = new Map<string, Movements>();
  for (const day of input.daily) {
    for (const column of MOVEMENT_COLUMNS) requireInteger(day.movements[column], `${column} on ${day.date}`);
    byDate.set(day.date, addMovements(byDate.get(day.date) ?? emptyMovements(), day.movements));
  }
  const known = new Set(input.dates);
  for (const date of byDate.keys()) {
    if (!known.has(date)) throw new LoyaltyError("INVALID_INPUT", `Movements on ${date} fall outside the report's days`);
  }

  const value = input.pointValue;
  const rows: RollForwardRow[] = [];
  let opening = input.openingPoints;
  let openingMoney = value ? pointsToMinor(opening, value) : 0;
  let totalMovements = emptyMovements();
  let totalMoneyMovements = emptyMovements();
  for (const date of input.dates) {
    const movements = byDate.get(date) ?? emptyMovements();
    const closing = opening + netMovement(movements);
    let money: Balances | null = null;
    if (value) {
      const closingMoney = pointsToMinor(closing, value);
      const moneyMovements = allocateMovementMoney(movements, closingMoney - openingMoney, value);
      money = { opening: openingMoney, movements: moneyMovements, closing: closingMoney };
      totalMoneyMovements = addMovements(totalMoneyMovements, moneyMovements);
      openingMoney = closingMoney;
    }
    rows.push({ date, opening, movements, closing, money });
    totalMovements = addMovements(totalMovements, movements);
    opening = closing;
  }
  const firstOpening = input.openingPoints;
  return {
    rows,
    totals: {
      opening: firstOpening,
      movements: totalMovements,
      closing: opening,
      money: value ? { opening: pointsToMinor(firstOpening, value), movements: totalMoneyMovements, closing: openingMoney } : null,
    },
  };
}

/** A ledger entry as the reports replay it. */
export interface ReportEntry {
  type: LedgerEntryType;
  /** Signed, as stored. */
  points: number;
  createdAt: Date;
}

/**
 * The replay the SQL aggregates must agree with: the opening balance before the first day and each day's
 * movements, from the entries themselves. Entries after the last day are ignored.
 */
export function bucketEntries(entries: readonly ReportEntry[], days: readonly DayBoundary[]): { openingPoints: number; daily: DailyMovements[] } {
  const first = days[0];
  let openingPoints = 0;
  const daily = days.map((day) => ({ date: day.date, movements: emptyMovements() }));
  for (const entry of entries) {
    const at = entry.createdAt.getTime();
    if (!first || at < first.from.getTime()) {
      openingPoints += entry.points;
      continue;
    }
    const index = days.findIndex((day) => day.from.getTime() <= at && at < day.to.getTime());
    const bucket = daily[index];
    if (bucket) bucket.movements[columnOf(entry.type)] += entry.points;
  }
  return { openingPoints, daily };
}
