/**
 * A realistic past for a dev store shop, on request (`npm run devstore:event -- seed-history`): a few thousand
 * customers and two years of orders, some refunded in part, a few cancelled, for the order backfill
 * (docs/decisions/028-backfill-past-orders.md) and the reports to have something to read.
 *
 * Rules:
 * - Deterministic: the same shop, options and `now` give the same history (a seeded generator, no Math.random).
 * - Orders are placed and paid through commerce.ts, as the checkout places them, at their time in the past and in
 *   time order; no webhook is sent (these orders happened before the app was installed).
 * - Each customer orders 0–6 times (a third once, a few often); 1–3 products per order; about 1 paid order in 10
 *   is refunded in part, 1 in 50 cancelled with a full refund, and 1 in 20 placed by a guest.
 */
import { cancelOrder, createCustomer, payOrder, placeOrder, refundOrder } from "./commerce";
import type { DevShop } from "./shop";

export interface HistoryOptions {
  customers?: number;
  days?: number;
  seed?: number;
}

export interface HistorySummary {
  customers: number;
  orders: number;
  refunded: number;
  cancelled: number;
}

const FIRST = ["Ada", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gia", "Hal", "Ivy", "Jon", "Kai", "Lou", "Max", "Nia", "Oto", "Pia"];
const LAST = ["Archer", "Blanc", "Costa", "Dupont", "Evans", "Fabre", "Garcia", "Hughes", "Ibsen", "Jensen", "Klein", "Lopez"];

/** mulberry32: small, fast, good enough for fixtures. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedHistory(shop: DevShop, options: HistoryOptions, now: Date): HistorySummary {
  const customers = options.customers ?? 2000;
  const days = options.days ?? 730;
  if (!Number.isInteger(customers) || customers < 1 || customers > 50_000) throw new Error("--customers must be between 1 and 50000");
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error("--days must be between 1 and 3660");
  const random = generator(options.seed ?? 14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const start = now.getTime() - days * 86_400_000;
  const planned: { at: number; customerId: string | null }[] = [];
  for (let i = 0; i < customers; i++) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const joinedAt = new Date(start + random() * (now.getTime() - start) * 0.8);
    const { customer } = createCustomer(shop, { firstName, lastName, email: `${firstName}.${lastName}.${shop.counters.customer}@history.example`.toLowerCase() }, joinedAt);
    const customerId = customer.id.split("/").pop() ?? null;
    const roll = random();
    const orders = roll < 0.15 ? 0 : roll < 0.5 ? 1 : roll < 0.8 ? 2 + Math.floor(random() * 2) : 4 + Math.floor(random() * 3);
    for (let n = 0; n < orders; n++) planned.push({ at: joinedAt.getTime() + random() * (now.getTime() - joinedAt.getTime() - 60_000), customerId });
  }
  const guests = Math.round(planned.length / 20);
  for (let i = 0; i < guests; i++) planned.push({ at: start + random() * (now.getTime() - start - 60_000), customerId: null });
  planned.sort((a, b) => a.at - b.at);
  let refunded = 0;
  let cancelled = 0;
  for (const { at, customerId } of planned) {
    const when = new Date(at);
    const { order } = placeOrder(shop, { customerId, items: 1 + Math.floor(random() * 3) }, when);
    payOrder(shop, order.id, when);
    const fate = random();
    const later = new Date(Math.min(at + (1 + random() * 20) * 86_400_000, now.getTime() - 1000));
    if (fate < 0.02) {
      cancelOrder(shop, order.id, { refund: true }, later);
      cancelled++;
    } else if (fate < 0.12) {
      const line = order.lines[0];
      if (line) refundOrder(shop, order.id, { lines: [{ lineId: line.id, quantity: 1 }] }, later);
      refunded++;
    }
  }
  return { customers, orders: planned.length, refunded, cancelled };
}
