/**
 * Member search at both of its speeds, through the index loader: a rare search (resolved to ids first) and a
 * common one (more matches than SEARCH_CANDIDATE_CAP: the ordered scan filters), with and without LIKE
 * wildcards in the text. The members have no ledger entries yet (as customers/create makes them without a
 * signup bonus), so their zero balances agree with the ledger.
 *
 * Rules proven here: whichever path a search takes, walking its pages visits exactly the members whose name or
 * email contains the text (case-insensitively, `%` and `_` literally), in the sort's order, each once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MEMBERS_PAGE_SIZE, SEARCH_CANDIDATE_CAP, type MembersIndex } from "~/loyalty/server/members-admin.server";
import { loader } from "~/routes/app.members._index";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";
import { answerOf, callAs, customerGid } from "./support";

const COUNT = SEARCH_CANDIDATE_CAP + 400;

interface Seeded {
  id: string;
  displayName: string | null;
  email: string | null;
  createdAt: Date;
}

let seeded: Seeded[] = [];

beforeAll(async () => {
  await resetDatabase();
  const base = Date.UTC(2026, 0, 1);
  await prisma.member.createMany({
    data: Array.from({ length: COUNT }, (_, index) => ({
      shop: TEST_SHOP,
      customerGid: customerGid(String(200_000 + index)),
      displayName: index % 97 === 0 ? `Xavier_Xu ${index}` : `Common Person ${index}`,
      // Four in five emails hold an underscore: more than SEARCH_CANDIDATE_CAP members match "_".
      email: index % 5 === 0 ? `user.${index}@example.com` : `user_${index}@example.com`,
      // Two members per millisecond: ties on the join date break by id.
      createdAt: new Date(base + Math.floor(index / 2)),
    })),
  });
  seeded = await prisma.member.findMany({ where: { shop: TEST_SHOP }, select: { id: true, displayName: true, email: true, createdAt: true } });
});

function expected(text: string, sort: "newest" | "balance"): string[] {
  const needle = text.toLowerCase();
  return seeded
    .filter((member) => [member.displayName, member.email].some((value) => value?.toLowerCase().includes(needle)))
    .sort((a, b) => (sort === "newest" ? b.createdAt.getTime() - a.createdAt.getTime() : 0) || (a.id < b.id ? 1 : -1))
    .map((member) => member.id);
}

async function walk(q: string, sort: "newest" | "balance"): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 40; guard += 1) {
    const query: string = new URLSearchParams({ q, sort, ...(after ? { after } : {}) }).toString();
    const { status, body }: { status: number; body: MembersIndex } = await answerOf<MembersIndex>(await callAs(loader, `/app/members?${query}`));
    expect(status).toBe(200);
    ids.push(...body.members.map((member) => member.id));
    if (!body.pageInfo.hasNextPage) return ids;
    expect(body.members).toHaveLength(MEMBERS_PAGE_SIZE);
    after = body.pageInfo.endCursor;
  }
  throw new Error("too many pages");
}

describe("member search", () => {
  it.each([
    ["a common text", "person", SEARCH_CANDIDATE_CAP],
    ["a common text, other case", "EXAMPLE.COM", SEARCH_CANDIDATE_CAP],
    ["a rare text", "xavier", 0],
    ["a rare text with an underscore", "xavier_x", 0],
    ["an underscore between common fragments", "user_13", 0],
    ["a common text with an underscore", "user_", SEARCH_CANDIDATE_CAP],
    ["a lone underscore", "_", SEARCH_CANDIDATE_CAP],
    ["a percent sign (nobody)", "%", -1],
    ["a backslash (nobody)", "\\", -1],
  ])("finds exactly the members containing %s, in order, on every page", async (_case, text, atLeast) => {
    for (const sort of ["newest", "balance"] as const) {
      const want = expected(text, sort);
      expect(want.length).toBeGreaterThan(atLeast);
      expect(await walk(text, sort)).toEqual(want);
    }
  });
});
