/**
 * The merchant's members pages: the index (search, tier filter, sort), a member's page (ledger, reward codes)
 * and the CSV exports of both. Read-only: adjustments are in adjustments.server.ts.
 *
 * Rules:
 * - Every list is keyset-paginated on (sort key, id): a page costs the same on page 1 and page 2,000, and rows
 *   never repeat or vanish between pages because of OFFSET. Cursors are opaque, name the ordering they belong
 *   to, and a cursor of another ordering (or a tampered one) is INVALID_INPUT on the parameter that carried it.
 * - Search is a case-insensitive substring of name or email (or the exact numeric customer id), `%`, `_` and `\`
 *   taken literally, the same on SQLite and PostgreSQL. A rare search is resolved to ids first (see resolveFilter),
 *   a common one filters the ordered scan; Prisma's `contains` is LIKE and does not escape wildcards (nor `\`,
 *   PostgreSQL's escape character), so those searches are post-filtered.
 * - Everything is scoped by shop: a member id of another shop is "not found".
 * - Redacted members (customers/redact) have no name or email: they show as "Redacted customer".
 * - Exports stream in batches (memory bounded by one batch) in an order on keys that never change (join date;
 *   ledger time), so a balance moving during the download cannot make a member appear twice or not at all.
 */
import type { LedgerEntry, Member, Prisma, PrismaClient, Redemption } from "@prisma/client";
import { json } from "@remix-run/node";
import { z } from "zod";
import type { ActionFailure } from "~/http/action-result.server";
import { describeActor } from "../adjustments";
import { csvFilename, csvStream, type CsvValue } from "../csv";
import { httpStatusForError, isLoyaltyError, LoyaltyError } from "../errors";
import { describeTierMetric } from "../figures";
import { explainLedgerEntry, type LedgerExplanation } from "../ledger-explanation";
import { formatShopDate, formatShopDateTime, shopTimeZoneName } from "../shop-time";
import { describeExplanation, entryTypeLabel, isRedacted, MEMBER_SORTS, memberDisplayName, NO_TIER, numericIdOf, orderLabel, type MemberSort } from "../members";
import { formatMoney, formatPoints } from "../money";
import { toSafeNumber, withSafeNumbers, type WithSafeNumbers } from "../safe-integer";
import { evaluateTier } from "../tiers";
import { sqlDialect, type SqlDialect } from "~/db/dialect.server";
import { getShopProgram, type ShopProgram } from "./program.server";

export const MEMBERS_PAGE_SIZE = 50;
export const LEDGER_PAGE_SIZE = 50;
export const CODES_PAGE_SIZE = 20;
export const EXPORT_BATCH_SIZE = 1000;
export const MAX_SEARCH_LENGTH = 100;

// ---------------------------------------------------------------------------------------------------------------
// Keyset pagination

/** A position in one ordering: the sort value (points, or epoch ms for dates) and the row id breaking ties. */
interface Cursor {
  ordering: string;
  value: number;
  id: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface PageRequest {
  after: Cursor | null;
  before: Cursor | null;
}

const cursorSchema = z.tuple([z.string(), z.number().int(), z.string().min(1).max(100)]);

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.ordering, cursor.value, cursor.id])).toString("base64url");
}

function decodeCursor(raw: string, ordering: string, field: string): Cursor {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    // Reported below with the field name.
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success || parsed.data[0] !== ordering) {
    throw new LoyaltyError("INVALID_INPUT", "This page link is out of date: go back to the first page", {
      fieldErrors: { [field]: "Invalid or outdated page cursor" },
    });
  }
  const [, value, id] = parsed.data;
  return { ordering, value, id };
}

function pageRequest(params: URLSearchParams, ordering: string, afterName: string, beforeName: string): PageRequest {
  const after = params.get(afterName) || null;
  const before = params.get(beforeName) || null;
  if (after && before) {
    throw new LoyaltyError("INVALID_INPUT", "A page cannot be both after and before a cursor", {
      fieldErrors: { [beforeName]: `Use ${afterName} or ${beforeName}, not both` },
    });
  }
  return {
    after: after ? decodeCursor(after, ordering, afterName) : null,
    before: before ? decodeCursor(before, ordering, beforeName) : null,
  };
}

type Op = "lt" | "lte" | "gt" | "gte";
type Range<T> = Partial<Record<Op, T>>;

function range<T>(op: Op, value: T): Range<T> {
  const bound: Range<T> = {};
  bound[op] = value;
  return bound;
}

/** Where a descending ordering continues past `cursor` (forward: smaller keys; backward: larger keys). */
interface Seek {
  /** The sort key is ≤ (forward) / ≥ (backward) the cursor's: a range the index can start from. */
  bound: Op;
  /** Strictly past the cursor's sort key, or equal to it with a smaller/larger id. */
  past: Op;
}

function seekOf(forward: boolean): Seek {
  return forward ? { bound: "lte", past: "lt" } : { bound: "gte", past: "gt" };
}

interface BatchRequest {
  cursor: Cursor | null;
  /** true: in the ordering's direction (descending); false: reversed, to walk back from `cursor`. */
  forward: boolean;
  take: number;
}

interface KeysetOptions<Row> {
  size: number;
  fetch: (request: BatchRequest) => Promise<Row[]>;
  cursorOf: (row: Row) => Cursor;
  /** A second, exact test on rows the query returned (used when the query can only over-match). */
  accept?: (row: Row) => boolean;
}

export interface Page<Row> {
  rows: Row[];
  pageInfo: PageInfo;
}

/**
 * One page after `request.after`, before `request.before`, or the first page. Fetches size + 1 rows to know if
 * there is more; with `accept`, keeps fetching (bigger batches) until the page is full or the rows run out.
 */
async function keysetPage<Row>(request: PageRequest, options: KeysetOptions<Row>): Promise<Page<Row>> {
  const { size, fetch, cursorOf, accept } = options;
  const forward = request.before === null;
  const take = accept ? Math.max(size + 1, 500) : size + 1;
  let cursor = request.after ?? request.before;
  const kept: Row[] = [];
  for (;;) {
    const rows = await fetch({ cursor, forward, take });
    for (const row of rows) {
      if (!accept || accept(row)) kept.push(row);
      if (kept.length > size) break;
    }
    const last = rows[rows.length - 1];
    if (kept.length > size || rows.length < take || last === undefined) break;
    cursor = cursorOf(last);
  }
  const more = kept.length > size;
  const rows = kept.slice(0, size);
  if (!forward) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    rows,
    pageInfo: {
      hasNextPage: forward ? more : true,
      hasPreviousPage: forward ? request.after !== null : more,
      startCursor: first === undefined ? null : encodeCursor(cursorOf(first)),
      endCursor: last === undefined ? null : encodeCursor(cursorOf(last)),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Errors as responses (loaders): the same shape admin actions answer (`answerAction`).

/** A LoyaltyError as the JSON response forms read ({ ok: false, error, fieldErrors }); anything else is rethrown. */
export function loyaltyErrorResponse(error: unknown): Response {
  if (!isLoyaltyError(error)) throw error;
  const failure: ActionFailure = { ok: false, error: error.message, code: error.code, fieldErrors: error.fieldErrors ?? {} };
  return json(failure, { status: httpStatusForError(error.code) });
}

function orThrowResponse<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw loyaltyErrorResponse(error);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Members index

export interface MemberListQuery {
  search: string | null;
  /** A tier id, NO_TIER, or null for every member. */
  tier: string | null;
  sort: MemberSort;
  page: PageRequest;
}

const listParamsSchema = z.object({
  q: z
    .string()
    .trim()
    .max(MAX_SEARCH_LENGTH, `Search for at most ${MAX_SEARCH_LENGTH} characters`)
    .transform((text) => text || null),
  tier: z
    .string()
    .trim()
    .max(100, "Unknown tier")
    .transform((text) => text || null),
  sort: z.enum(MEMBER_SORTS, `Sort by ${MEMBER_SORTS.join(", ")}`),
});

/** Reads the index's query string (q, tier, sort, after | before); INVALID_INPUT names the bad parameter. */
export function parseMemberListQuery(params: URLSearchParams): MemberListQuery {
  const parsed = listParamsSchema.safeParse({
    q: params.get("q") ?? "",
    tier: params.get("tier") ?? "",
    sort: params.get("sort") || "balance",
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    throw new LoyaltyError("INVALID_INPUT", `Invalid members query: ${Object.values(fieldErrors).join("; ")}`, { fieldErrors });
  }
  const { q, tier, sort } = parsed.data;
  return { search: q, tier, sort, page: pageRequest(params, `members:${sort}`, "after", "before") };
}

/** parseMemberListQuery for a loader: a bad query string answers 400 with the parameter's error. */
export function requireMemberListQuery(params: URLSearchParams): MemberListQuery {
  return orThrowResponse(() => parseMemberListQuery(params));
}

const LIST_SELECT = {
  id: true,
  customerGid: true,
  displayName: true,
  email: true,
  redactedAt: true,
  tierId: true,
  balance: true,
  lifetimeEarned: true,
  lifetimeRedeemed: true,
  createdAt: true,
} satisfies Prisma.MemberSelect;

type ListedMember = WithSafeNumbers<Prisma.MemberGetPayload<{ select: typeof LIST_SELECT }>>;
type EntryRow = WithSafeNumbers<LedgerEntry>;
type CodeRow = WithSafeNumbers<Redemption>;

type MemberSortField = "balance" | "lifetimeEarned" | "createdAt";
const SORT_FIELD: Record<MemberSort, MemberSortField> = { balance: "balance", lifetime: "lifetimeEarned", newest: "createdAt" };

function onSortField(field: MemberSortField, op: Op, value: number): Prisma.MemberWhereInput {
  switch (field) {
    case "balance":
      return { balance: range(op, value) };
    case "lifetimeEarned":
      return { lifetimeEarned: range(op, value) };
    case "createdAt":
      return { createdAt: range(op, new Date(value)) };
  }
}

function equalsSortField(field: MemberSortField, value: number): Prisma.MemberWhereInput {
  switch (field) {
    case "balance":
      return { balance: value };
    case "lifetimeEarned":
      return { lifetimeEarned: value };
    case "createdAt":
      return { createdAt: new Date(value) };
  }
}

function memberOrder(field: MemberSortField, direction: Prisma.SortOrder): Prisma.MemberOrderByWithRelationInput[] {
  switch (field) {
    case "balance":
      return [{ balance: direction }, { id: direction }];
    case "lifetimeEarned":
      return [{ lifetimeEarned: direction }, { id: direction }];
    case "createdAt":
      return [{ createdAt: direction }, { id: direction }];
  }
}

function sortValue(field: MemberSortField, member: Pick<ListedMember, "balance" | "lifetimeEarned" | "createdAt">): number {
  switch (field) {
    case "balance":
      return member.balance;
    case "lifetimeEarned":
      return member.lifetimeEarned;
    case "createdAt":
      return member.createdAt.getTime();
  }
}

// `%` and `_` are LIKE wildcards that Prisma passes through unescaped, and `\` is PostgreSQL's default LIKE escape
// character (SQLite has none): a search holding any of them cannot go through `contains` as it is.
const LIKE_WILDCARDS = /[%_\\]/;
/** A search matching more members than this is "common": the ordered scan finds a page of them quickly. */
export const SEARCH_CANDIDATE_CAP = 1000;

/**
 * LIKE conditions matching at least every member whose name or email contains `search`. `%`/`_`/`\` cannot be
 * escaped through Prisma, so a search holding them asks for each literal fragment instead ("john_doe@" → "john"
 * and "doe@"), an over-match the exact test then narrows.
 */
function textSearch(sql: SqlDialect, search: string): Prisma.MemberWhereInput {
  // Case-insensitive on both: SQLite's LIKE folds ASCII case (not other letters: "é" ≠ "É"), PostgreSQL's
  // `contains` is asked to (ILIKE, which folds every letter).
  const contains = (text: string): Prisma.MemberWhereInput => ({
    OR: [{ displayName: sql.containsInsensitive(text) }, { email: sql.containsInsensitive(text) }],
  });
  if (!LIKE_WILDCARDS.test(search)) return contains(search);
  return { AND: search.split(/[%_\\]+/).filter((fragment) => fragment !== "").map(contains) };
}

const customerGidOf = (search: string) => (/^\d+$/.test(search) ? `gid://shopify/Customer/${search}` : null);

/** The exact test behind a search, for searches holding wildcards (the LIKE query then over-matches). */
function matchesSearch(search: string): (member: Pick<Member, "displayName" | "email"> & { customerGid?: string }) => boolean {
  const needle = search.toLowerCase();
  const gid = customerGidOf(search);
  return (member) =>
    (gid !== null && member.customerGid === gid) || [member.displayName, member.email].some((text) => text?.toLowerCase().includes(needle) ?? false);
}

/** Which members a list or export reads: a where clause, and an exact second test when the clause over-matches. */
interface MemberFilter {
  where: Prisma.MemberWhereInput;
  accept?: (member: ListedMember) => boolean;
  /** The search matched nobody: no need to query. */
  empty: boolean;
}

/** `text` inside a LIKE pattern with `\` as the escape character: every character literal. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Ids of the shop's members whose name or email contains `search` (exact: wildcards escaped, which Prisma's
 * `contains` cannot do), at most `limit`. Raw SQL in the portable subset SQLite and PostgreSQL share: lower() on
 * both sides makes it case-insensitive on both (ASCII only on SQLite), ESCAPE names the same character on both.
 * It reads only shop, displayName, email and id, so with an index on (shop, displayName, email, id) SQLite scans
 * that index sequentially (COVERING INDEX) instead of visiting rows.
 */
async function findMemberIdsMatching(db: PrismaClient, shop: string, search: string, limit: number): Promise<string[]> {
  const pattern = `%${likeLiteral(search)}%`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Member"
    WHERE "shop" = ${shop}
      AND (lower("displayName") LIKE lower(${pattern}) ESCAPE '\\' OR lower("email") LIKE lower(${pattern}) ESCAPE '\\')
    LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/**
 * Resolves a rare search to the ids it matches first: a LIKE '%…%' cannot use an index, and run under the sort's
 * index it visits every member's row in sort order (random reads) before concluding there are few matches. The
 * page is then sorted among those ids. A common search (more than SEARCH_CANDIDATE_CAP matches) filters the
 * plain ordered scan instead, which meets a page of matches early.
 */
async function resolveFilter(db: PrismaClient, shop: string, query: Pick<MemberListQuery, "search" | "tier">): Promise<MemberFilter> {
  const tier: Prisma.MemberWhereInput = query.tier === null ? {} : { tierId: query.tier === NO_TIER ? null : query.tier };
  const search = query.search;
  if (search === null) return { where: { shop, ...tier }, empty: false };

  const gid = customerGidOf(search);
  const [matching, byCustomerId] = await Promise.all([
    findMemberIdsMatching(db, shop, search, SEARCH_CANDIDATE_CAP + 1),
    gid ? db.member.findUnique({ where: { shop_customerGid: { shop, customerGid: gid } }, select: { id: true } }) : null,
  ]);
  if (matching.length > SEARCH_CANDIDATE_CAP) {
    const text = textSearch(sqlDialect(db), search);
    const accept = LIKE_WILDCARDS.test(search) ? matchesSearch(search) : null;
    return { where: { shop, ...tier, ...(gid ? { OR: [text, { customerGid: gid }] } : text) }, empty: false, ...(accept ? { accept } : {}) };
  }
  const ids = byCustomerId ? [...new Set([...matching, byCustomerId.id])] : matching;
  return { where: { shop, ...tier, id: { in: ids } }, empty: ids.length === 0 };
}

async function pageOfMembers(
  db: PrismaClient,
  filter: MemberFilter,
  page: PageRequest,
  sort: MemberSort,
  size: number,
): Promise<Page<ListedMember>> {
  const field = SORT_FIELD[sort];
  const { where, accept } = filter;
  if (filter.empty) return { rows: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
  return keysetPage(page, {
    size,
    cursorOf: (member) => cursorOfMember(sort, member),
    ...(accept ? { accept } : {}),
    fetch: ({ cursor, forward, take }) => {
      const seek = seekOf(forward);
      const rows = db.member.findMany({
        where: cursor
          ? {
              AND: [
                where,
                onSortField(field, seek.bound, cursor.value),
                { OR: [onSortField(field, seek.past, cursor.value), { AND: [equalsSortField(field, cursor.value), { id: range(seek.past, cursor.id) }] }] },
              ],
            }
          : where,
        orderBy: memberOrder(field, forward ? "desc" : "asc"),
        take,
        select: LIST_SELECT,
      });
      return rows.then((members) => members.map(withSafeNumbers));
    },
  });
}

type SortableMember = Pick<ListedMember, "id" | "balance" | "lifetimeEarned" | "createdAt">;

function cursorOfMember(sort: MemberSort, member: SortableMember): Cursor {
  return { ordering: `members:${sort}`, value: sortValue(SORT_FIELD[sort], member), id: member.id };
}

/** The cursor of the page that starts after `member` in a sort (the same one the index's pages carry). */
export function memberCursor(sort: MemberSort, member: SortableMember): string {
  return encodeCursor(cursorOfMember(sort, member));
}

function tierNames(program: ShopProgram): Map<string, string> {
  return new Map(program.settings.tierProgram.tiers.map((tier) => [tier.id, tier.name]));
}

export interface MemberListRow {
  id: string;
  name: string;
  email: string | null;
  redacted: boolean;
  customerId: string | null;
  tier: string | null;
  balance: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  joinedAt: string;
}

function toListRow(member: ListedMember, tiers: ReadonlyMap<string, string>): MemberListRow {
  const redacted = isRedacted(member);
  return {
    id: member.id,
    name: memberDisplayName(member),
    email: redacted ? null : member.email,
    redacted,
    customerId: redacted ? null : numericIdOf(member.customerGid),
    tier: member.tierId ? (tiers.get(member.tierId) ?? null) : null,
    balance: member.balance,
    lifetimeEarned: member.lifetimeEarned,
    lifetimeRedeemed: member.lifetimeRedeemed,
    joinedAt: member.createdAt.toISOString(),
  };
}

/** One page of the members index, plus what its filters need (the shop's tiers, its member count). */
export async function listMembers(db: PrismaClient, shop: string, query: MemberListQuery) {
  const program = await getShopProgram(db, shop);
  const [page, totalMembers] = await Promise.all([
    resolveFilter(db, shop, query).then((filter) => pageOfMembers(db, filter, query.page, query.sort, MEMBERS_PAGE_SIZE)),
    db.member.count({ where: { shop } }),
  ]);
  const tiers = tierNames(program);
  return {
    members: page.rows.map((member) => toListRow(member, tiers)),
    pageInfo: page.pageInfo,
    totalMembers,
    tiers: program.settings.tierProgram.tiers.map((tier) => ({ id: tier.id, name: tier.name })),
    query: { search: query.search, tier: query.tier, sort: query.sort },
    /** The shop's zone (IANA, or UTC when unknown): the page shows join dates in it and names it. */
    timeZone: shopTimeZoneName(program.timezone),
  };
}

export type MembersIndex = Awaited<ReturnType<typeof listMembers>>;

// ---------------------------------------------------------------------------------------------------------------
// A member's page

export interface MemberPageQuery {
  ledger: PageRequest;
  codes: PageRequest;
}

const LEDGER_ORDERING = "ledger";
const CODES_ORDERING = "codes";

export function parseMemberPageQuery(params: URLSearchParams): MemberPageQuery {
  return {
    ledger: pageRequest(params, LEDGER_ORDERING, "ledgerAfter", "ledgerBefore"),
    codes: pageRequest(params, CODES_ORDERING, "codesAfter", "codesBefore"),
  };
}

export function requireMemberPageQuery(params: URLSearchParams): MemberPageQuery {
  return orThrowResponse(() => parseMemberPageQuery(params));
}

/** Points not vested yet (never below 0): balance − pending is what the member can spend. */
export async function sumPendingPoints(db: Pick<PrismaClient, "ledgerEntry">, memberId: string, now: Date): Promise<number> {
  const unvested = await db.ledgerEntry.aggregate({ where: { memberId, vestsAt: { gt: now } }, _sum: { points: true } });
  return Math.max(0, toSafeNumber(unvested._sum.points ?? 0, "Pending points"));
}

/** Rows of one member ordered by (createdAt, id), newest first. Entries and redemptions share the shape. */
function byCreatedAt(memberId: string, cursor: Cursor | null, forward: boolean) {
  const seek = seekOf(forward);
  const direction: Prisma.SortOrder = forward ? "desc" : "asc";
  const at = cursor ? new Date(cursor.value) : null;
  return {
    where:
      cursor && at
        ? {
            memberId,
            createdAt: range(seek.bound, at),
            OR: [{ createdAt: range(seek.past, at) }, { createdAt: at, id: range(seek.past, cursor.id) }],
          }
        : { memberId },
    orderBy: [{ createdAt: direction }, { id: direction }],
  };
}

export interface LedgerRow {
  id: string;
  type: string;
  typeLabel: string;
  points: number;
  explanation: string;
  /** The explanation as a kind and its variables, for the page to say in the merchant's language. */
  explain: LedgerExplanation;
  note: string | null;
  actor: string | null;
  orderGid: string | null;
  /** For `shopify://admin/orders/<id>`. */
  orderId: string | null;
  createdAt: string;
  /** When, in the shop's time zone with the zone named ("Mar 7, 2026, 12:00 AM EST"). */
  createdAtLabel: string;
  vestsAt: string | null;
  /** The day the points become available, in the shop's time zone. */
  vestsOnLabel: string | null;
  expiresAt: string | null;
  /** Not vested yet: counted in the balance, not spendable. */
  pending: boolean;
}

function toLedgerRow(entry: EntryRow, now: Date, timeZone: string): LedgerRow {
  return {
    id: entry.id,
    type: entry.type,
    typeLabel: entryTypeLabel(entry.type),
    points: entry.points,
    explanation: describeExplanation(entry.explanation, entry.orderGid, entry.orderName),
    explain: explainLedgerEntry({
      type: entry.type,
      points: entry.points,
      explanation: entry.explanation,
      order: entry.orderGid ? orderLabel(entry.orderGid, entry.orderName) : null,
      actor: entry.actor,
      breakdown: entry.breakdown,
    }),
    note: entry.note,
    actor: entry.actor === null ? null : describeActor(entry.actor),
    orderGid: entry.orderGid,
    orderId: numericIdOf(entry.orderGid),
    createdAt: entry.createdAt.toISOString(),
    createdAtLabel: formatShopDateTime(entry.createdAt, timeZone),
    vestsAt: entry.vestsAt?.toISOString() ?? null,
    vestsOnLabel: entry.vestsAt ? formatShopDate(entry.vestsAt, timeZone) : null,
    expiresAt: entry.expiresAt?.toISOString() ?? null,
    pending: entry.vestsAt !== null && entry.vestsAt > now && entry.points > 0,
  };
}

export interface RedemptionRow {
  id: string;
  code: string;
  rewardName: string;
  pointsCost: number;
  status: string;
  createdAt: string;
  expiresAt: string | null;
  usedAt: string | null;
  usedOrderId: string | null;
  /** Dates in the shop's time zone. */
  createdOnLabel: string;
  expiresOnLabel: string | null;
}

function toRedemptionRow(redemption: CodeRow, timeZone: string): RedemptionRow {
  return {
    id: redemption.id,
    code: redemption.code,
    rewardName: redemption.rewardName,
    pointsCost: redemption.pointsCost,
    status: redemption.status,
    createdAt: redemption.createdAt.toISOString(),
    expiresAt: redemption.expiresAt?.toISOString() ?? null,
    usedAt: redemption.usedAt?.toISOString() ?? null,
    usedOrderId: numericIdOf(redemption.usedOrderGid),
    createdOnLabel: formatShopDate(redemption.createdAt, timeZone),
    expiresOnLabel: redemption.expiresAt ? formatShopDate(redemption.expiresAt, timeZone) : null,
  };
}

/** "320 points to Gold", "$40.00 to Gold", "Top tier", or null without tiers. */
function tierProgressText(program: ShopProgram, tierMetric: number): string | null {
  const { tierProgram } = program.settings;
  if (tierProgram.tiers.length === 0) return null;
  const { next, remainingToNext } = evaluateTier(tierProgram, tierMetric);
  if (!next) return "Top tier";
  const remaining = tierProgram.basis === "spend" ? formatMoney(remainingToNext, program.currency ?? "USD") : formatPoints(remainingToNext);
  return `${remaining} to ${next.name}`;
}

function tierStanding(program: ShopProgram, tierMetric: number): { next: string | null; remaining: number } | null {
  const { tierProgram } = program.settings;
  if (tierProgram.tiers.length === 0) return null;
  const { next, remainingToNext } = evaluateTier(tierProgram, tierMetric);
  return { next: next?.name ?? null, remaining: next ? remainingToNext : 0 };
}

/** The member's page, or null when the id is not a member of this shop. */
export async function getMemberDetail(db: PrismaClient, shop: string, memberId: string, query: MemberPageQuery, now: Date) {
  const found = await db.member.findFirst({ where: { id: memberId, shop } });
  if (!found) return null;
  const member = withSafeNumbers(found);
  const [program, pending, ledger, codes] = await Promise.all([
    getShopProgram(db, shop),
    sumPendingPoints(db, member.id, now),
    keysetPage(query.ledger, {
      size: LEDGER_PAGE_SIZE,
      cursorOf: (entry: EntryRow) => ({ ordering: LEDGER_ORDERING, value: entry.createdAt.getTime(), id: entry.id }),
      fetch: async ({ cursor, forward, take }) =>
        (await db.ledgerEntry.findMany({ ...byCreatedAt(member.id, cursor, forward), take })).map(withSafeNumbers),
    }),
    keysetPage(query.codes, {
      size: CODES_PAGE_SIZE,
      cursorOf: (redemption: CodeRow) => ({ ordering: CODES_ORDERING, value: redemption.createdAt.getTime(), id: redemption.id }),
      fetch: async ({ cursor, forward, take }) =>
        (await db.redemption.findMany({ ...byCreatedAt(member.id, cursor, forward), take })).map(withSafeNumbers),
    }),
  ]);
  const redacted = isRedacted(member);
  return {
    member: {
      id: member.id,
      name: memberDisplayName(member),
      email: redacted ? null : member.email,
      redacted,
      customerId: redacted ? null : numericIdOf(member.customerGid),
      tier: member.tierId ? (tierNames(program).get(member.tierId) ?? null) : null,
      tierProgress: tierProgressText(program, member.tierMetric),
      /** The same, as values for the page to word: null without tiers, `next: null` at the top tier. */
      tierStanding: tierStanding(program, member.tierMetric),
      balance: member.balance,
      pending,
      available: member.balance - pending,
      lifetimeEarned: member.lifetimeEarned,
      lifetimeRedeemed: member.lifetimeRedeemed,
      joinedAt: member.createdAt.toISOString(),
      joinedOnLabel: formatShopDate(member.createdAt, program.timezone),
      redactedAt: member.redactedAt?.toISOString() ?? null,
      redactedOnLabel: member.redactedAt ? formatShopDate(member.redactedAt, program.timezone) : null,
      /** What the tier metric counts (figures.ts), so "lifetime earned" and tier progress are not read as one. */
      tierMetric: describeTierMetric(program.settings.tierProgram.basis, program.settings.tierCountsManualCredits),
      tierBasis: program.settings.tierProgram.basis,
      tierCountsManualCredits: program.settings.tierCountsManualCredits,
    },
    /** The shop's currency (spend-based tier progress is money) and point value (what a large credit is worth). */
    currency: program.currency ?? "USD",
    pointValue: program.settings.pointValue,
    /** The shop's zone, named once on the page; every label above is in it. */
    timeZone: shopTimeZoneName(program.timezone),
    ledger: { entries: ledger.rows.map((entry) => toLedgerRow(entry, now, program.timezone)), pageInfo: ledger.pageInfo },
    codes: { redemptions: codes.rows.map((row) => toRedemptionRow(row, program.timezone)), pageInfo: codes.pageInfo },
  };
}

export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMemberDetail>>>;

// ---------------------------------------------------------------------------------------------------------------
// CSV exports

export interface CsvExport {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

const MEMBER_CSV_HEADER = ["Member ID", "Customer ID", "Name", "Email", "Tier", "Balance", "Lifetime earned", "Lifetime redeemed", "Joined at"];

/**
 * Every member matching the index's search and tier filter (the sort and page are ignored: the export is in
 * join order, newest first, a key that never changes while the download runs).
 */
export async function exportMembersCsv(db: PrismaClient, shop: string, query: Pick<MemberListQuery, "search" | "tier">, now: Date): Promise<CsvExport> {
  const tiers = tierNames(await getShopProgram(db, shop));
  const filter = await resolveFilter(db, shop, query);
  let page: PageRequest | null = { after: null, before: null };
  const body = csvStream(MEMBER_CSV_HEADER, async () => {
    if (page === null) return null;
    const batch = await pageOfMembers(db, filter, page, "newest", EXPORT_BATCH_SIZE);
    const last = batch.rows[batch.rows.length - 1];
    page = batch.pageInfo.hasNextPage && last ? { after: cursorOfMember("newest", last), before: null } : null;
    return batch.rows.map((member): CsvValue[] => {
      const row = toListRow(member, tiers);
      return [row.id, row.customerId, row.name, row.email, row.tier, row.balance, row.lifetimeEarned, row.lifetimeRedeemed, row.joinedAt];
    });
  });
  return { filename: csvFilename("members", now), body };
}

const LEDGER_CSV_HEADER = [
  "Date",
  "Type",
  "Points",
  "Balance after",
  "Explanation",
  "Note",
  "By",
  "Order ID",
  "Vests at",
  "Expires at",
  "Entry ID",
];

/** A member's whole ledger, oldest first, with the running balance; null when not a member of this shop. */
export async function exportMemberLedgerCsv(db: PrismaClient, shop: string, memberId: string, now: Date): Promise<CsvExport | null> {
  const member = await db.member.findFirst({ where: { id: memberId, shop }, select: { id: true } });
  if (!member) return null;
  let after: { createdAt: Date; id: string } | null = null;
  let done = false;
  let balance = 0;
  const body = csvStream(LEDGER_CSV_HEADER, async () => {
    if (done) return null;
    const rows = await db.ledgerEntry.findMany({
      where: after
        ? { memberId, createdAt: { gte: after.createdAt }, OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
        : { memberId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: EXPORT_BATCH_SIZE,
    });
    const entries: EntryRow[] = rows.map(withSafeNumbers);
    const last = entries[entries.length - 1];
    done = entries.length < EXPORT_BATCH_SIZE || last === undefined;
    if (last) after = { createdAt: last.createdAt, id: last.id };
    return entries.map((entry): CsvValue[] => {
      balance += entry.points;
      return [
        entry.createdAt,
        entryTypeLabel(entry.type),
        entry.points,
        balance,
        describeExplanation(entry.explanation, entry.orderGid, entry.orderName),
        entry.note,
        entry.actor === null ? null : describeActor(entry.actor),
        numericIdOf(entry.orderGid),
        entry.vestsAt,
        entry.expiresAt,
        entry.id,
      ];
    });
  });
  return { filename: csvFilename(`ledger-${member.id}`, now), body };
}

