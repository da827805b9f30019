/**
 * The members index loader through `authenticate.admin`, on a seeded list: 130 members made by Shopify's signed
 * customers/create example (signup bonuses of varied sizes put them in every tier, with ties on balance), some
 * debited by hand (so balance and lifetime orders differ), one redacted, and members of another shop.
 *
 * Rules proven here:
 * - Pages hold 50 members; walking forward by `after` and back by `before` visits every member exactly once, in
 *   the sort's order (value descending, then id descending), for each sort, filter and search.
 * - Search is a case-insensitive substring of name or email, or the exact customer id; `%` and `_` are literal.
 * - The tier filter takes a tier id, or "none" for members without a tier.
 * - Members of other shops never appear; redacted members show as "Redacted customer" and are never matched by
 *   their old name.
 * - A bad query (unknown sort, tampered cursor, a cursor of another sort) answers 400 naming the parameter; a search
 *   that is too long (typed as you go) answers the list unfiltered with a message for the field.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getShopProgram } from "~/loyalty/server/program.server";
import { recordManualAdjustment } from "~/loyalty/server/adjustments.server";
import { MEMBERS_PAGE_SIZE, type MembersIndex } from "~/loyalty/server/members-admin.server";
import { loader } from "~/routes/app.members._index";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { answerOf, callAs, createCustomer, customerGid, redactCustomer } from "./support";
import { withSafeNumbers } from "~/loyalty/safe-integer";

const OTHER_SHOP = "other-shop.myshopify.com";
const SEEDED = 130;
const FIRST_ID = 5000;

type Row = MembersIndex["members"][number];
type Sort = "balance" | "lifetime" | "newest";

interface Seeded {
  id: string;
  customerGid: string;
  displayName: string | null;
  email: string | null;
  balance: number;
  lifetimeEarned: number;
  createdAt: Date;
  tierId: string | null;
}

const NAMES = ["Alice Archer", "Bob Baker", "Carla Cruz", "Dan Dawson", "Eve Ellis", "Frank Ford", "Gina Gray", "Hugo Hart"];

function seedOf(index: number) {
  const id = String(FIRST_ID + index);
  const name = NAMES[index % NAMES.length] ?? "Someone";
  const [first = null, last = null] = name.split(" ");
  const special: Record<number, { firstName: string | null; lastName?: string | null; email: string | null }> = {
    3: { firstName: "JOHN", lastName: "Upper", email: "shouty@example.com" },
    4: { firstName: "john", lastName: "lower", email: "quiet@example.com" },
    5: { firstName: "Zoë", lastName: "Ünal", email: "zoe@example.com" },
    6: { firstName: "Under", lastName: "Score", email: "under_score@example.com" },
    7: { firstName: "Under", lastName: "Xcore", email: "underXscore@example.com" },
    8: { firstName: null, lastName: null, email: "no-name@example.com" },
    9: { firstName: "Percent", lastName: "Sign", email: "100%club@example.com" },
  };
  // Bonuses 0..2,250 in steps of 150: ties on balance, and tiers Bronze (< 500), Silver (< 1,500) and Gold.
  const bonus = ((index * 7) % 16) * 150;
  return { id, bonus, debit: index % 4 === 1 ? Math.floor(bonus / 2) : 0, profile: special[index] ?? { firstName: first, lastName: last, email: `member${id}@example.com` } };
}

async function seedShop(): Promise<void> {
  await resetDatabase();
  await getShopProgram(prisma, TEST_SHOP);
  for (let index = 0; index < SEEDED; index += 1) {
    const seed = seedOf(index);
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { signupBonusPoints: seed.bonus } });
    await createCustomer({ id: seed.id, ...seed.profile });
    if (seed.debit > 0) {
      const member = await prisma.member.findUniqueOrThrow({ where: { shop_customerGid: { shop: TEST_SHOP, customerGid: customerGid(seed.id) } } });
      await recordManualAdjustment(prisma, {
        shop: TEST_SHOP,
        memberId: member.id,
        direction: "debit",
        points: seed.debit,
        note: "Seeded debit",
        clientKey: `seed-${seed.id}`,
        actor: "staff:1",
        now: new Date(),
      });
    }
  }
  // Redact one member with a name others share.
  await redactCustomer(String(FIRST_ID + 16));
  // Another shop's members must never show up.
  await getShopProgram(prisma, OTHER_SHOP);
  await prisma.program.update({ where: { shop: OTHER_SHOP }, data: { signupBonusPoints: 5000 } });
  for (let index = 0; index < 3; index += 1) {
    await createCustomer({ id: String(9000 + index), firstName: "Alice", lastName: "Elsewhere", email: `alice${index}@other.example`, shop: OTHER_SHOP });
  }
}

let seeded: Seeded[] = [];

beforeAll(async () => {
  const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
  await seedShop();
  info.mockRestore();
  const rows = await prisma.member.findMany({
    where: { shop: TEST_SHOP },
    select: { id: true, customerGid: true, displayName: true, email: true, balance: true, lifetimeEarned: true, createdAt: true, tierId: true },
  });
  seeded = rows.map(withSafeNumbers);
});

async function index(query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return answerOf<MembersIndex & { searchError?: string | null; fieldErrors?: Record<string, string> }>(await callAs(loader, `/app/members${search ? `?${search}` : ""}`));
}

function sortKey(sort: Sort, member: Seeded): number {
  if (sort === "balance") return member.balance;
  if (sort === "lifetime") return member.lifetimeEarned;
  return member.createdAt.getTime();
}

/** The order the index promises: the sort value descending, ties by id descending. */
function expectedOrder(members: Seeded[], sort: Sort): string[] {
  return [...members]
    .sort((a, b) => sortKey(sort, b) - sortKey(sort, a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((member) => member.id);
}

/** Walks every page forward, then back from the last page, checking sizes and page flags on the way. */
async function walk(query: Record<string, string>): Promise<{ forward: string[]; backward: string[]; rows: Row[] }> {
  const forward: string[] = [];
  const pages: Row[][] = [];
  let params: Record<string, string> = { ...query };
  for (let guard = 0; guard < 20; guard += 1) {
    const { status, body } = await index(params);
    expect(status).toBe(200);
    expect(body.members.length).toBeLessThanOrEqual(MEMBERS_PAGE_SIZE);
    expect(body.pageInfo.hasPreviousPage).toBe(pages.length > 0);
    pages.push(body.members);
    forward.push(...body.members.map((member) => member.id));
    if (!body.pageInfo.hasNextPage) break;
    expect(body.members).toHaveLength(MEMBERS_PAGE_SIZE);
    params = { ...query, after: body.pageInfo.endCursor ?? "" };
  }
  const backward: string[] = [...(pages[pages.length - 1] ?? []).map((member) => member.id)];
  const last = await index(pages.length > 1 ? params : query);
  let cursor = last.body.pageInfo.startCursor;
  let hasPrevious = last.body.pageInfo.hasPreviousPage;
  while (hasPrevious && cursor) {
    const { status, body } = await index({ ...query, before: cursor });
    expect(status).toBe(200);
    expect(body.pageInfo.hasNextPage).toBe(true);
    backward.unshift(...body.members.map((member) => member.id));
    cursor = body.pageInfo.startCursor;
    hasPrevious = body.pageInfo.hasPreviousPage;
  }
  return { forward, backward, rows: pages.flat() };
}

describe("the members index", () => {
  it("lists the shop's members 50 at a time, highest balance first, with what each row shows", async () => {
    const { status, body } = await index();
    expect(status).toBe(200);
    expect(body.totalMembers).toBe(SEEDED);
    expect(body.members).toHaveLength(MEMBERS_PAGE_SIZE);
    expect(body.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(body.query).toEqual({ search: null, tier: null, sort: "balance" });
    expect(body.tiers.map((tier) => tier.name)).toEqual(["Bronze", "Silver", "Gold"]);
    const top = body.members[0];
    const expected = seeded.find((member) => member.id === top?.id);
    expect(top).toEqual({
      id: expected?.id,
      name: expected?.displayName,
      email: expected?.email,
      redacted: false,
      customerId: expected?.customerGid.replace("gid://shopify/Customer/", ""),
      tier: "Gold",
      balance: expected?.balance,
      lifetimeEarned: expected?.lifetimeEarned,
      lifetimeRedeemed: 0,
      joinedAt: expected?.createdAt.toISOString(),
    });
  });

  it.each<Sort>(["balance", "lifetime", "newest"])("visits every member exactly once, in order, sorted by %s", async (sort) => {
    // The seed has many equal balances: ties must break by id across page boundaries too.
    expect(new Set(seeded.map((member) => member.balance)).size).toBeLessThan(SEEDED / 4);
    const { forward, backward } = await walk({ sort });
    expect(forward).toEqual(expectedOrder(seeded, sort));
    expect(backward).toEqual(forward);
  });

  it("sorts by lifetime earned differently from balance when points were debited", async () => {
    expect(expectedOrder(seeded, "lifetime")).not.toEqual(expectedOrder(seeded, "balance"));
  });

  it("filters by tier, and by 'none' for members without one, combined with any sort", async () => {
    const { body } = await index();
    const gold = body.tiers.find((tier) => tier.name === "Gold");
    const goldMembers = seeded.filter((member) => member.tierId === gold?.id);
    expect(goldMembers.length).toBeGreaterThan(MEMBERS_PAGE_SIZE / 2);
    const walked = await walk({ tier: gold?.id ?? "", sort: "lifetime" });
    expect(walked.forward).toEqual(expectedOrder(goldMembers, "lifetime"));
    expect(walked.backward).toEqual(walked.forward);

    // Members whose signup brought no points have no ledger entry yet, so no tier.
    const untiered = seeded.filter((member) => member.tierId === null);
    expect(untiered.length).toBeGreaterThan(0);
    expect((await walk({ tier: "none" })).forward).toEqual(expectedOrder(untiered, "balance"));
    expect((await index({ tier: "no-such-tier" })).body.members).toEqual([]);
  });

  it("searches names and emails case-insensitively", async () => {
    const names = async (q: string, extra: Record<string, string> = {}) => (await index({ q, ...extra })).body.members.map((member) => member.name);
    expect((await names("john")).sort()).toEqual(["JOHN Upper", "john lower"]);
    expect((await names("JoHn")).sort()).toEqual(["JOHN Upper", "john lower"]);
    expect(await names("SHOUTY@EXAMPLE")).toEqual(["JOHN Upper"]);
    expect(await names("no-name@")).toEqual(["no-name@example.com"]);
    expect(await names("Ünal")).toEqual(["Zoë Ünal"]);
    expect(await names(`${FIRST_ID + 42}`)).toEqual([seeded.find((member) => member.customerGid === customerGid(`${FIRST_ID + 42}`))?.displayName]);
    expect(await names("nobody-is-called-this")).toEqual([]);
  });

  it("treats % and _ in a search as the characters themselves", async () => {
    const emails = async (q: string) => (await index({ q })).body.members.map((member) => member.email);
    expect(await emails("under_score")).toEqual(["under_score@example.com"]);
    expect(await emails("100%club")).toEqual(["100%club@example.com"]);
    expect(await emails("%")).toEqual(["100%club@example.com"]);
    expect(await emails("_")).toEqual(["under_score@example.com"]);
  });

  it("pages through a search with every match once, combined with a tier filter", async () => {
    const matches = (member: Seeded) => member.displayName?.toLowerCase().includes("a") || member.email?.toLowerCase().includes("a");
    const expected = seeded.filter(matches);
    expect(expected.length).toBeGreaterThan(MEMBERS_PAGE_SIZE * 2);
    const walked = await walk({ q: "A", sort: "newest" });
    expect(walked.forward).toEqual(expectedOrder(expected, "newest"));
    expect(walked.backward).toEqual(walked.forward);

    const { body } = await index();
    const silver = body.tiers.find((tier) => tier.name === "Silver")?.id ?? "";
    const silverMatches = expected.filter((member) => member.tierId === silver);
    expect((await walk({ q: "a", tier: silver })).forward).toEqual(expectedOrder(silverMatches, "balance"));
  });

  it("shows a redacted member as 'Redacted customer' and never finds them by their old data", async () => {
    const redacted = seeded.find((member) => member.customerGid.startsWith("redacted:"));
    expect(redacted).toMatchObject({ displayName: null, email: null });
    const { rows } = await walk({ sort: "newest" });
    expect(rows.find((member) => member.id === redacted?.id)).toMatchObject({ name: "Redacted customer", email: null, redacted: true, customerId: null });
    const seed = seedOf(16);
    expect((await index({ q: seed.profile.email ?? "" })).body.members).toEqual([]);
    expect((await index({ q: String(FIRST_ID + 16) })).body.members).toEqual([]);
  });

  it("never shows another shop's members", async () => {
    const { forward } = await walk({});
    expect(forward).toHaveLength(SEEDED);
    expect((await index({ q: "Elsewhere" })).body.members).toEqual([]);
  });
});

describe("a bad query", () => {
  it("answers 400 naming the parameter", async () => {
    const unknownSort = await index({ sort: "name" });
    expect(unknownSort.status).toBe(400);
    expect(unknownSort.body.fieldErrors).toEqual({ sort: "Sort by balance, lifetime, newest" });

    const tampered = await index({ after: "bm90LWEtY3Vyc29y" });
    expect(tampered.status).toBe(400);
    expect(tampered.body.fieldErrors).toEqual({ after: "Invalid or outdated page cursor" });

  });

  it("answers a search that is too long with the list unfiltered and a message for the field, not a 400", async () => {
    const tooLong = await index({ q: "x".repeat(101) });
    expect(tooLong.status).toBe(200);
    // The page words it in the merchant's language (members.list.searchTooLong) from these numbers.
    expect(tooLong.body.searchError).toEqual({ max: 100, length: 101 });
    expect(tooLong.body.query.search).toBeNull();
    expect(tooLong.body.totalMembers).toBeGreaterThan(0);
    expect(tooLong.body.members.length).toBeGreaterThan(0);
    expect((await index({ q: "x".repeat(100) })).body.searchError).toBeNull();
  });

  it("refuses a cursor made for another sort, and both directions at once", async () => {
    const { body } = await index({ sort: "balance" });
    const cursor = body.pageInfo.endCursor ?? "";
    const mismatched = await index({ sort: "newest", after: cursor });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.fieldErrors).toEqual({ after: "Invalid or outdated page cursor" });
    const both = await index({ after: cursor, before: cursor });
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.fieldErrors ?? {})).toEqual(["before"]);
  });

  it("refuses a request without a valid session token", async () => {
    let answered: unknown;
    try {
      answered = await loader({ request: new Request(`${TEST_APP_URL}/app/members`, { headers: { Authorization: "Bearer not-a-jwt" } }), params: {}, context: {} });
    } catch (thrown) {
      answered = thrown;
    }
    expect((answered as Response).status).toBe(401);
  });
});
