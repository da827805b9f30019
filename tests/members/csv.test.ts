/**
 * CSV: the escaping rules (unit), and the two export routes through `authenticate.admin` on a real database.
 *
 * Rules proven here:
 * - RFC 4180 quoting (commas, quotes, CR/LF), formula-injection guard on text (= + - @ tab CR) but not on numbers.
 * - members.csv: a download named with the date, one line per member of the shop matching the filter, each
 *   exactly once across export batches, redacted members as "Redacted customer".
 * - ledger.csv: the member's whole ledger oldest first with a running balance that ends at the balance;
 *   notes with commas, quotes, newlines and formulas survive a round trip as text; another shop's member is 404.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { csvCell, csvFilename, csvLine } from "~/loyalty/csv";
import { EXPORT_BATCH_SIZE } from "~/loyalty/server/members-admin.server";
import { loader as ledgerCsv } from "~/routes/app.members.$id.ledger[.csv]";
import { loader as membersCsv } from "~/routes/app.members[.csv]";
import { action } from "~/routes/app.members.$id";
import { prisma, resetDatabase } from "../support/database";
import { TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import {
  answerOf,
  callAs,
  createCustomer,
  customerGid,
  EXAMPLE_CUSTOMER_GID,
  EXAMPLE_ORDER_ID,
  memberOf,
  payExampleOrder,
  redactCustomer,
  refundExampleOrder,
} from "./support";

const OTHER_SHOP = "other-shop.myshopify.com";

/** A minimal RFC 4180 reader (quoted cells with doubled quotes and line breaks), to check what we wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += char;
  }
  expect(cell, "the file ends with CRLF").toBe("");
  return rows;
}

async function download(route: typeof membersCsv, path: string, params: Record<string, string> = {}) {
  const response = await callAs(route, path, params);
  expect(response).toBeInstanceOf(Response);
  return response as Response;
}

/** The file's rows; it must start with a UTF-8 byte order mark (Response.text() would silently drop it). */
async function readCsv(response: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder().decode(bytes.slice(3)));
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("Smith, John")).toBe('"Smith, John"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvLine(["a", 1, null, undefined, true])).toBe("a,1,,,true\r\n");
  });

  it("defuses text that a spreadsheet would run as a formula, but keeps numbers numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\",\"x\")")).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell("+1 555 0100")).toBe("'+1 555 0100");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell(-50)).toBe("-50");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes dates as ISO 8601 and names files with the UTC date", () => {
    expect(csvCell(new Date("2026-03-04T05:06:07.008Z"))).toBe("2026-03-04T05:06:07.008Z");
    expect(csvFilename("members", new Date("2026-11-23T23:59:59Z"))).toBe("members-2026-11-23.csv");
    expect(csvFilename("ledger-c1/../x", new Date("2026-11-23T00:00:00Z"))).toBe("ledger-c1-x-2026-11-23.csv");
  });
});

describe("GET /app/members.csv", () => {
  it("downloads every member of the shop, with a dated file name, filters applied", async () => {
    await createCustomer({ id: "701", firstName: "=cmd|' /C calc'!A0", lastName: null, email: "formula@example.com" });
    await createCustomer({ id: "702", firstName: "Smith,", lastName: 'John "Jack"', email: "jack@example.com" });
    await payExampleOrder();
    await redactCustomer("702");
    await payExampleOrder({ shop: OTHER_SHOP, orderId: "1001" });

    const response = await download(membersCsv, "/app/members.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="members-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");

    const [header, ...rows] = await readCsv(response);
    expect(header).toEqual(["Member ID", "Customer ID", "Name", "Email", "Tier", "Balance", "Lifetime earned", "Lifetime redeemed", "Joined at"]);
    expect(rows).toHaveLength(3);
    const john = await memberOf(EXAMPLE_CUSTOMER_GID);
    expect(rows).toContainEqual([john.id, "115310627314723954", "John Smith", "john@example.com", "Bronze", "404", "404", "0", john.createdAt.toISOString()]);
    const formula = await memberOf(customerGid("701"));
    expect(rows).toContainEqual([formula.id, "701", "'=cmd|' /C calc'!A0", "formula@example.com", "", "0", "0", "0", formula.createdAt.toISOString()]);
    const redacted = rows.find((row) => row[2] === "Redacted customer");
    expect(redacted).toEqual([expect.any(String), "", "Redacted customer", "", "", "0", "0", "0", expect.any(String)]);

    const filtered = await readCsv(await download(membersCsv, "/app/members.csv?q=john"));
    expect(filtered.slice(1).map((row) => row[2])).toEqual(["John Smith"]);
    const untiered = await readCsv(await download(membersCsv, "/app/members.csv?tier=none"));
    expect(untiered).toHaveLength(3);
  });

  it("streams more members than one batch, each exactly once", async () => {
    // Members without entries (as customers/create makes them without a bonus): their zero balances agree with the ledger.
    const count = EXPORT_BATCH_SIZE * 2 + 17;
    const base = Date.UTC(2026, 0, 1);
    await prisma.member.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        shop: TEST_SHOP,
        customerGid: customerGid(String(100_000 + index)),
        displayName: `Member ${index}`,
        email: `m${index}@example.com`,
        // Several members per millisecond: the batches must break ties by id.
        createdAt: new Date(base + Math.floor(index / 3)),
      })),
    });
    const rows = (await readCsv(await download(membersCsv, "/app/members.csv"))).slice(1);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((row) => row[0])).size).toBe(count);
    const joined = rows.map((row) => row[8] ?? "");
    expect([...joined].sort().reverse()).toEqual(joined);
  });

  it("answers 400 for a bad filter and 401 without a session token", async () => {
    const bad = await answerOf(await callAs(membersCsv, `/app/members.csv?q=${"x".repeat(101)}`));
    expect(bad.status).toBe(400);
    let answered: unknown;
    try {
      const request = new Request(`${TEST_APP_URL}/app/members.csv`, { headers: { Authorization: "Bearer not-a-jwt" } });
      answered = await membersCsv({ request, params: {}, context: {} });
    } catch (thrown) {
      answered = thrown;
    }
    expect(answered).toBeInstanceOf(Response);
    expect((answered as Response).status).toBe(401);
  });
});

describe("GET /app/members/:id/ledger.csv", () => {
  it("downloads the whole ledger oldest first with a running balance, notes kept as text", async () => {
    await payExampleOrder();
    await refundExampleOrder();
    const member = await memberOf(EXAMPLE_CUSTOMER_GID);
    const note = '=1+2, said "the customer"\non the phone';
    const posted = await callAs(action, `/app/members/${member.id}`, { id: member.id }, {
      form: { direction: "credit", points: "30", note, clientKey: "csv-test-key-1" },
    });
    expect((await answerOf(posted)).status).toBe(200);

    const response = await download(ledgerCsv, `/app/members/${member.id}/ledger.csv`, { id: member.id });
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="ledger-${member.id}-${new Date().toISOString().slice(0, 10)}.csv"`);
    const [header, ...rows] = await readCsv(response);
    expect(header).toEqual(["Date", "Type", "Points", "Balance after", "Explanation", "Note", "By", "Order ID", "Vests at", "Expires at", "Entry ID"]);
    expect(rows.map((row) => row[1])).toEqual(["Earned", "Clawed back", "Manual credit"]);
    expect(rows[0]?.slice(2, 4)).toEqual(["404", "404"]);
    expect(rows[0]?.[7]).toBe(EXAMPLE_ORDER_ID);
    const balance = (await memberOf(EXAMPLE_CUSTOMER_GID)).balance;
    expect(rows[rows.length - 1]?.[3]).toBe(String(balance));
    expect(rows[1]?.[2]).toMatch(/^-\d+$/);
    expect(rows[2]?.slice(4, 7)).toEqual(["Manual credit of 30 pts by staff member 12345", `'${note}`, "staff member 12345"]);
  });

  it("answers 404 for a member of another shop", async () => {
    await payExampleOrder({ shop: OTHER_SHOP });
    const foreign = await memberOf(EXAMPLE_CUSTOMER_GID, OTHER_SHOP);
    const result = await answerOf<{ error: string }>(await callAs(ledgerCsv, `/app/members/${foreign.id}/ledger.csv`, { id: foreign.id }));
    expect(result.status).toBe(404);
    expect(result.body.error).toBe("This member is not in your program");
  });
});
