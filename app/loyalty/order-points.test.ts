import { describe, expect, it } from "vitest";
import { describeOrderPoints } from "./order-points";

const now = new Date("2026-12-06T12:00:00Z");
const later = new Date("2026-12-20T00:00:00Z");
const earlier = new Date("2026-12-01T00:00:00Z");

describe("describeOrderPoints", () => {
  it("is none for an order without an earn", () => {
    expect(describeOrderPoints([], now)).toEqual({ status: "none", earned: 0, clawedBack: 0, net: 0, availableOn: null });
  });

  it("is earned once vested, pending with the day before", () => {
    expect(describeOrderPoints([{ type: "earn", points: 479, vestsAt: earlier }], now)).toMatchObject({ status: "earned", net: 479, availableOn: null });
    expect(describeOrderPoints([{ type: "earn", points: 479, vestsAt: later }], now)).toMatchObject({ status: "pending", net: 479, availableOn: later });
    expect(describeOrderPoints([{ type: "earn", points: 479, vestsAt: null }], now)).toMatchObject({ status: "earned" });
  });

  it("nets partial clawbacks and says when everything was taken back", () => {
    const partial = describeOrderPoints([{ type: "earn", points: 479, vestsAt: null }, { type: "clawback", points: -79, vestsAt: null }], now);
    expect(partial).toEqual({ status: "earned", earned: 479, clawedBack: 79, net: 400, availableOn: null });
    const all = describeOrderPoints([{ type: "earn", points: 479, vestsAt: later }, { type: "clawback", points: -479, vestsAt: later }], now);
    expect(all).toEqual({ status: "clawed_back", earned: 479, clawedBack: 479, net: 0, availableOn: null });
  });

  it("ignores entries of other kinds", () => {
    expect(describeOrderPoints([{ type: "redeem", points: -500, vestsAt: null }, { type: "earn", points: 10, vestsAt: null }], now)).toMatchObject({ net: 10 });
  });
});
