/**
 * `QueryRoot.orders` for bulk queries (docs/decisions/028-backfill-past-orders.md): the dev store's orders as Admin
 * GraphQL Order objects, filtered by the search syntax the backfill uses.
 *
 * Rules:
 * - Modeled for bulk operations only (every node, no pagination), as `customers` and `products` are.
 * - The search query understands `processed_at` and `created_at` with `>=`, `>`, `<=`, `<` and a quoted or bare ISO
 *   time, terms joined by spaces or AND; any other term is refused ("not modeled"), never ignored.
 * - The objects come from the store that holds the orders (`ShopState.ordersForBulk`, set by the dev store's
 *   shop); a state without orders answers none.
 */
import { GraphQLError } from "graphql";
import type { ShopState } from "./state";

interface OrdersArgs {
  query?: string | null;
  reverse?: boolean | null;
  sortKey?: string | null;
}

type Comparison = { field: "processedAt" | "createdAt"; op: ">=" | ">" | "<=" | "<"; at: number };

function parseSearch(query: string): Comparison[] {
  const terms = query.split(/\s+(?:AND\s+)?/).filter((t) => t !== "" && t !== "AND");
  return terms.map((term) => {
    const match = /^(processed_at|created_at):(>=|<=|>|<)'?([^']+)'?$/.exec(term);
    const at = match ? Date.parse(match[3] ?? "") : NaN;
    if (!match || Number.isNaN(at)) throw new GraphQLError(`orders(query:) term "${term}" is not modeled by the fake Admin API`);
    return { field: match[1] === "processed_at" ? "processedAt" : "createdAt", op: match[2] as Comparison["op"], at };
  });
}

function passes(order: Record<string, unknown>, comparisons: readonly Comparison[]): boolean {
  return comparisons.every(({ field, op, at }) => {
    const value = Date.parse(String(order[field]));
    if (op === ">=") return value >= at;
    if (op === ">") return value > at;
    if (op === "<=") return value <= at;
    return value < at;
  });
}

export function ordersConnection(state: ShopState, bulkMode: boolean, args: OrdersArgs) {
  if (!bulkMode) throw new GraphQLError("QueryRoot.orders is modeled for bulk operations only by the fake Admin API");
  if (args.reverse) throw new GraphQLError("orders(reverse:) is not modeled by the fake Admin API");
  const comparisons = args.query ? parseSearch(args.query) : [];
  const orders = (state.ordersForBulk?.() ?? []).filter((order) => passes(order, comparisons));
  const sortField = args.sortKey === "PROCESSED_AT" ? "processedAt" : args.sortKey === "CREATED_AT" ? "createdAt" : null;
  if (sortField) orders.sort((a, b) => Date.parse(String(a[sortField])) - Date.parse(String(b[sortField])));
  return { nodes: orders, edges: orders.map((node) => ({ cursor: String(node.id), node })), pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}
