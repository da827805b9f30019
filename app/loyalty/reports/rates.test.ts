import { describe, expect, it } from "vitest";
import { basisPointsToPercentString, formatBasisPoints, ratioBasisPoints } from "./rates";

describe("rates", () => {
  it("rounds a ratio half up once, to a basis point", () => {
    expect(ratioBasisPoints(1, 3)).toBe(3333);
    expect(ratioBasisPoints(2, 3)).toBe(6667);
    expect(ratioBasisPoints(1, 20000)).toBe(1); // 0.5 bp → 1
    expect(ratioBasisPoints(-1, 20000)).toBe(0); // −0.5 bp → 0 (half up)
    expect(ratioBasisPoints(5, 0)).toBeNull();
  });

  it("formats for people and for files", () => {
    expect(formatBasisPoints(2345)).toBe("23.5%");
    expect(formatBasisPoints(10000)).toBe("100.0%");
    expect(formatBasisPoints(4)).toBe("0.0%");
    expect(formatBasisPoints(null)).toBe("—");
    expect(basisPointsToPercentString(2345)).toBe("23.45");
    expect(basisPointsToPercentString(5)).toBe("0.05");
    expect(basisPointsToPercentString(-150)).toBe("-1.50");
  });
});
