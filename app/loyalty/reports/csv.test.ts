import { describe, expect, it } from "vitest";
import { csvFilename, isReportName, tiersCsv, toCsv } from "./csv";

describe("toCsv", () => {
  it("writes RFC 4180 with a BOM and CRLF, quoting only what needs it", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", null], [-5, "-12.34"]])).toBe(
      '\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n-5,-12.34\r\n',
    );
  });

  it("defuses text a spreadsheet would run as a formula, not plain numbers", () => {
    expect(toCsv(["name"], [["=HYPERLINK(\"x\")"], ["+1+1"], ["@SUM(A1)"], ["-2+3"], ["-42"], ["\tx"]])).toBe(
      '\uFEFFname\r\n"\'=HYPERLINK(""x"")"\r\n\'+1+1\r\n\'@SUM(A1)\r\n\'-2+3\r\n-42\r\n\'\tx\r\n',
    );
  });

  it("names files after the report and range", () => {
    expect(csvFilename("liability", { start: "2026-01-01", end: "2026-01-31" })).toBe("loyalty-liability-2026-01-01-to-2026-01-31.csv");
    expect(isReportName("churn")).toBe(true);
    expect(isReportName("secrets")).toBe(false);
  });

  it("writes percentages as exact decimals", () => {
    const csv = tiersCsv({ tiers: { totalMembers: 3, rows: [{ tierId: "a", name: "Bronze", members: 2, shareBasisPoints: 6667 }, { tierId: null, name: "No tier", members: 1, shareBasisPoints: 3333 }] } });
    expect(csv).toBe("\uFEFFtier,members,share_percent\r\nBronze,2,66.67\r\nNo tier,1,33.33\r\n");
  });
});
