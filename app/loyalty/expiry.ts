/**
 * Points expiry: which points have expired, found by replaying a member's ledger into lots.
 *
 * Rules:
 * - Every positive entry (earn, bonus and the bonus-like types, manual credit, import) opens a lot of its points; only a lot with `expiresAt`
 *   (earned points, when the shop sets an expiry) can expire. A redeem rollback is not a lot: it gives back to the
 *   lots its redemption took from, so restored points keep the date they had.
 * - Debits take from lots: an `expire` entry and a clawback first from the lot they reverse; a clawback beyond what
 *   is left of its lot, a redemption, a donation and a manual debit from the lots that expire soonest (lots that never expire
 *   last; oldest first on a tie), so a shopper never loses points they could have spent.
 * - What no lot can cover is a deficit (a balance below zero, when the shop allows negative clawback); the next lots
 *   pay the deficit first. So remaining lots − deficit = balance, always, and no lot goes below zero.
 * - At `now`, each lot whose expiresAt ≤ now with points left expires exactly those points: never more than the
 *   balance, never a point that was spent, clawed back or already expired.
 * Entries are replayed in the order given (the ledger's order: createdAt, then insertion).
 */
import { LoyaltyError } from "./errors";
import { signFor, type LedgerEntryType } from "./ledger-rules";

export interface ExpiryEntry {
  id: string;
  type: LedgerEntryType;
  /** Signed, as stored. */
  points: number;
  expiresAt: Date | null;
  reversesId: string | null;
}

export interface ExpiredLot {
  /** The entry that opened the lot: the expire entry reverses it. */
  lotId: string;
  points: number;
  expiresAt: Date;
}

interface Lot {
  id: string;
  remaining: number;
  expiresAt: Date | null;
  order: number;
}

export interface LotReplay {
  lots: ReadonlyMap<string, { remaining: number; expiresAt: Date | null }>;
  /** Points owed: debits no lot could cover (balance = Σ remaining − deficit). */
  deficit: number;
}

export function replayLots(entries: readonly ExpiryEntry[]): LotReplay {
  const lots = new Map<string, Lot>();
  /** What each redemption took, lot by lot, for its rollback to give back. */
  const taken = new Map<string, { lotId: string; points: number }[]>();
  let deficit = 0;

  const soonestFirst = (): Lot[] =>
    [...lots.values()]
      .filter((lot) => lot.remaining > 0)
      .sort((a, b) => expiryMs(a) - expiryMs(b) || a.order - b.order);

  const takeFrom = (lot: Lot, wanted: number, record?: { lotId: string; points: number }[]): number => {
    const points = Math.min(lot.remaining, wanted);
    if (points > 0) {
      lot.remaining -= points;
      record?.push({ lotId: lot.id, points });
    }
    return points;
  };

  const debit = (amount: number, first: Lot | undefined, record?: { lotId: string; points: number }[]) => {
    let left = amount;
    if (first) left -= takeFrom(first, left, record);
    for (const lot of soonestFirst()) {
      if (left === 0) break;
      left -= takeFrom(lot, left, record);
    }
    deficit += left;
  };

  const credit = (lot: Lot, amount: number) => {
    const paid = Math.min(deficit, amount);
    deficit -= paid;
    lot.remaining += amount - paid;
  };

  entries.forEach((entry, order) => {
    if (!Number.isSafeInteger(entry.points) || entry.points === 0 || Math.sign(entry.points) !== signFor(entry.type)) {
      throw new LoyaltyError("INVALID_INPUT", `A ${entry.type} entry cannot hold ${entry.points} points`);
    }
    const amount = Math.abs(entry.points);
    const reversed = entry.reversesId ? lots.get(entry.reversesId) : undefined;
    switch (entry.type) {
      case "earn":
      case "bonus":
      case "referral":
      case "birthday":
      case "survey":
      case "action":
      case "badge":
      case "challenge":
      case "manual_credit":
      case "import": {
        const lot: Lot = { id: entry.id, remaining: 0, expiresAt: entry.expiresAt, order };
        lots.set(entry.id, lot);
        credit(lot, amount);
        return;
      }
      case "redeem_rollback": {
        let left = amount;
        const parts = entry.reversesId ? (taken.get(entry.reversesId) ?? []) : [];
        for (const part of [...parts].reverse()) {
          const lot = lots.get(part.lotId);
          if (!lot || left === 0) continue;
          const back = Math.min(part.points, left);
          part.points -= back;
          left -= back;
          credit(lot, back);
        }
        // A rollback of nothing we saw taken (it should not happen) is kept as points that never expire.
        if (left > 0) {
          const lot: Lot = { id: entry.id, remaining: 0, expiresAt: null, order };
          lots.set(entry.id, lot);
          credit(lot, left);
        }
        return;
      }
      case "expire":
      case "clawback":
        debit(amount, reversed);
        return;
      case "redeem": {
        const record: { lotId: string; points: number }[] = [];
        taken.set(entry.id, record);
        debit(amount, undefined, record);
        return;
      }
      case "manual_debit":
      case "donate":
        debit(amount, undefined);
        return;
    }
  });

  return { lots, deficit };
}

/** The lots whose points have expired by `now` and are not yet recorded as expired. */
export function calculateExpiredLots(entries: readonly ExpiryEntry[], now: Date): ExpiredLot[] {
  const expired: ExpiredLot[] = [];
  for (const [lotId, lot] of replayLots(entries).lots) {
    if (lot.expiresAt && lot.expiresAt.getTime() <= now.getTime() && lot.remaining > 0) {
      expired.push({ lotId, points: lot.remaining, expiresAt: lot.expiresAt });
    }
  }
  return expired.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || (a.lotId < b.lotId ? -1 : 1));
}

function expiryMs(lot: Lot): number {
  return lot.expiresAt ? lot.expiresAt.getTime() : Number.POSITIVE_INFINITY;
}
