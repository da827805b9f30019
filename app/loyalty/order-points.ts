/**
 * What one order did to a member's points, for the shopper (the customer account's order-status block): earned,
 * clawed back, and when earned points become usable.
 *
 * Rules:
 * - earned = Σ earn entries of the order (points ≥ 0); clawedBack = Σ clawback entries of the order, as a positive
 *   number; net = earned − clawedBack.
 * - status: "none" when the order earned nothing (not a member's order, or not paid yet); "clawed_back" when
 *   clawbacks took back everything it earned; "pending" when points are still vesting (the latest vestsAt of an
 *   earn entry is after now: `availableOn` says when); otherwise "earned".
 */
export interface OrderPointsEntry {
  type: string;
  points: number;
  vestsAt: Date | null;
}

export interface OrderPoints {
  status: "none" | "pending" | "earned" | "clawed_back";
  earned: number;
  clawedBack: number;
  net: number;
  /** When pending: the day the points become usable. */
  availableOn: Date | null;
}

export function describeOrderPoints(entries: readonly OrderPointsEntry[], now: Date): OrderPoints {
  let earned = 0;
  let clawedBack = 0;
  let vestsAt: Date | null = null;
  for (const entry of entries) {
    if (entry.type === "earn") {
      earned += entry.points;
      if (entry.vestsAt && (!vestsAt || entry.vestsAt > vestsAt)) vestsAt = entry.vestsAt;
    } else if (entry.type === "clawback") clawedBack -= entry.points;
  }
  const net = earned - clawedBack;
  if (earned <= 0) return { status: "none", earned: 0, clawedBack: 0, net: 0, availableOn: null };
  if (net <= 0) return { status: "clawed_back", earned, clawedBack, net: 0, availableOn: null };
  const pending = vestsAt !== null && vestsAt > now;
  return { status: pending ? "pending" : "earned", earned, clawedBack, net, availableOn: pending ? vestsAt : null };
}
