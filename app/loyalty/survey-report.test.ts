import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerText, calculateCes, calculateNps, npsByTier, surveyTrend, tallyAnswers } from "./survey-report";
import type { SurveyQuestion } from "./surveys";

describe("calculateNps", () => {
  it("is promoters minus detractors as a percentage, with the counts", () => {
    expect(calculateNps([10, 9, 9, 8, 7, 6, 0, 10, 3, 10])).toEqual({ promoters: 5, passives: 2, detractors: 3, answers: 10, score: 20 });
    expect(calculateNps([0, 6])).toMatchObject({ score: -100 });
    expect(calculateNps([9])).toMatchObject({ score: 100 });
  });

  it("is null, not 0, without answers", () => {
    expect(calculateNps([])).toEqual({ promoters: 0, passives: 0, detractors: 0, answers: 0, score: null });
  });

  it("property: the counts add up and the score stays within −100…100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (scores) => {
        const nps = calculateNps(scores);
        expect(nps.promoters + nps.passives + nps.detractors).toBe(scores.length);
        expect(nps.score).toBeGreaterThanOrEqual(-100);
        expect(nps.score).toBeLessThanOrEqual(100);
        expect(Math.sign(nps.score ?? 0)).toBe(Math.sign(nps.promoters - nps.detractors));
      }),
    );
  });
});

describe("calculateCes", () => {
  it("averages to two decimals", () => {
    expect(calculateCes([7, 6, 6])).toEqual({ answers: 3, average: 6.33 });
    expect(calculateCes([])).toEqual({ answers: 0, average: null });
  });

  it("property: the average lies between the lowest and highest answer", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (scores) => {
        const { average } = calculateCes(scores);
        expect(average).toBeGreaterThanOrEqual(Math.min(...scores));
        expect(average).toBeLessThanOrEqual(Math.max(...scores));
      }),
    );
  });
});

describe("trends and tiers", () => {
  const responses = [
    { submittedAt: new Date("2026-11-30T23:30:00Z"), nps: 10, ces: 7, tierName: "Gold" },
    { submittedAt: new Date("2026-11-15T12:00:00Z"), nps: 2, ces: null, tierName: null },
    { submittedAt: new Date("2026-12-02T12:00:00Z"), nps: null, ces: 4, tierName: "Gold" },
    { submittedAt: new Date("2026-12-03T12:00:00Z"), nps: 9, ces: 5, tierName: "Gold" },
  ];

  it("groups by the shop-local month", () => {
    // 23:30 UTC on Nov 30 is already December in Paris.
    expect(surveyTrend(responses, "Europe/Paris").map((p) => [p.month, p.responses, p.nps.score, p.ces.average])).toEqual([
      ["2026-11", 1, -100, null],
      ["2026-12", 3, 100, 5.33],
    ]);
    expect(surveyTrend(responses, "UTC").map((p) => [p.month, p.responses, p.nps.score])).toEqual([
      ["2026-11", 2, 0],
      ["2026-12", 2, 100],
    ]);
  });

  it("gives NPS per tier at answer time", () => {
    expect(npsByTier(responses)).toEqual([
      { tierName: "Gold", nps: { promoters: 2, passives: 0, detractors: 0, answers: 2, score: 100 } },
      { tierName: null, nps: { promoters: 0, passives: 0, detractors: 1, answers: 1, score: -100 } },
    ]);
  });
});

describe("tallyAnswers", () => {
  const questions: SurveyQuestion[] = [
    { id: "ces", kind: "ces", prompt: "Easy?", required: true },
    { id: "q1", kind: "multiple", prompt: "Likes?", required: false, choices: ["Surf", "Skate"] },
    { id: "q2", kind: "text", prompt: "Say", required: false, maxLength: 50 },
    { id: "q3", kind: "slider", prompt: "Days", required: false, min: 0, max: 10, step: 5 },
  ];

  it("counts values, choices and keeps the latest texts", () => {
    const tally = tallyAnswers(questions, [
      { ces: 7, q1: ["Surf", "Skate"], q2: "newest", q3: 5 },
      { ces: 6, q1: ["Surf"], q2: "older" },
    ]);
    expect(tally[0]).toMatchObject({ answers: 2, average: 6.5 });
    expect(tally[0]?.kind === "ces" && tally[0].counts.filter((c) => c.count > 0)).toEqual([
      { value: 6, count: 1 },
      { value: 7, count: 1 },
    ]);
    expect(tally[1]).toMatchObject({ answers: 2, counts: [{ choice: "Surf", count: 2 }, { choice: "Skate", count: 1 }] });
    expect(tally[2]).toMatchObject({ answers: 2, latest: ["newest", "older"] });
    expect(tally[3]).toMatchObject({ answers: 1, counts: [{ value: 0, count: 0 }, { value: 5, count: 1 }, { value: 10, count: 0 }] });
  });

  it("writes an answer as one cell", () => {
    expect(answerText(["Surf", "Skate"])).toBe("Surf; Skate");
    expect(answerText(9)).toBe(9);
    expect(answerText(undefined)).toBeNull();
  });
});
