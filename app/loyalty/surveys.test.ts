import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanTextAnswer,
  explainSurveyEntry,
  interestsOf,
  interestTags,
  mergeInterests,
  parseStoredQuestions,
  planInterestTags,
  surveyIdempotencyKey,
  validateAnswers,
  validateSurveyDefinition,
  versionAfterEdit,
  type SurveyDefinition,
  type SurveyQuestion,
} from "./surveys";

const draft = {
  title: "  Tell us   about you ",
  points: "50",
  questions: [
    { kind: "nps", prompt: "How likely are you to recommend us to a friend?" },
    { kind: "ces", prompt: "How easy was it to find what you wanted?", required: false },
    { kind: "single", prompt: "Where do you ride?", choices: ["Park", "Backcountry", "Piste"] },
    { kind: "multiple", prompt: "What else do you like?", choices: ["Surf", "Skate", "Hiking"], required: false },
    { kind: "text", prompt: "Anything else?", maxLength: 200, required: false },
    { kind: "slider", prompt: "Days on snow a year", min: 0, max: 100, step: 5, required: false },
  ],
};

function definition(): SurveyDefinition {
  const result = validateSurveyDefinition(draft);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.definition;
}

const errorsOf = (input: unknown) => {
  const result = validateSurveyDefinition(input);
  return result.ok ? {} : Object.fromEntries(Object.entries(result.fieldErrors).map(([field, e]) => [field, e.code]));
};

describe("validateSurveyDefinition", () => {
  it("accepts an NPS, a CES and four own questions, giving ids by position and trimming text", () => {
    const { title, points, questions } = definition();
    expect(title).toBe("Tell us about you");
    expect(points).toBe(50);
    expect(questions.map((q) => q.id)).toEqual(["nps", "ces", "q1", "q2", "q3", "q4"]);
    expect(questions[0]).toMatchObject({ kind: "nps", required: true });
    expect(questions[5]).toEqual({ id: "q4", kind: "slider", prompt: "Days on snow a year", required: false, min: 0, max: 100, step: 5 });
  });

  it("refuses each broken field with its code", () => {
    expect(errorsOf({ ...draft, title: " " })).toEqual({ title: "titleLength" });
    expect(errorsOf({ ...draft, points: -1 })).toEqual({ points: "pointsRange" });
    expect(errorsOf({ ...draft, points: "1.5" })).toEqual({ points: "pointsRange" });
    expect(errorsOf({ ...draft, points: 100_001 })).toEqual({ points: "pointsRange" });
    expect(errorsOf({ ...draft, questions: [] })).toEqual({ questions: "noQuestions" });
    const six = Array.from({ length: 6 }, (_, i) => ({ kind: "text", prompt: `Q${i}` }));
    expect(errorsOf({ ...draft, questions: six })).toEqual({ questions: "tooManyOwnQuestions" });
    expect(errorsOf({ ...draft, questions: [draft.questions[0], draft.questions[0]] })).toEqual({ questions: "npsTwice" });
    expect(errorsOf({ ...draft, questions: [draft.questions[1], draft.questions[1]] })).toEqual({ questions: "cesTwice" });
    expect(errorsOf({ ...draft, questions: [{ kind: "rating", prompt: "Stars?" }] })).toEqual({ "questions.0.kind": "questionKind" });
    expect(errorsOf({ ...draft, questions: [{ kind: "nps", prompt: "x".repeat(201) }] })).toEqual({ "questions.0.prompt": "promptLength" });
    expect(errorsOf({ ...draft, questions: [{ kind: "single", prompt: "One?", choices: ["Only"] }] })).toEqual({ "questions.0.choices": "choicesCount" });
    expect(errorsOf({ ...draft, questions: [{ kind: "single", prompt: "One?", choices: ["A", "a "] }] })).toEqual({ "questions.0.choices": "choiceTwice" });
    expect(errorsOf({ ...draft, questions: [{ kind: "multiple", prompt: "Many?", choices: ["A", "b".repeat(81)] }] })).toEqual({ "questions.0.choices": "choiceLength" });
    expect(errorsOf({ ...draft, questions: [{ kind: "text", prompt: "Say", maxLength: 501 }] })).toEqual({ "questions.0.maxLength": "textCap" });
    expect(errorsOf({ ...draft, questions: [{ kind: "slider", prompt: "How many", min: 5, max: 5 }] })).toEqual({ "questions.0.min": "sliderRange" });
    expect(errorsOf({ ...draft, questions: [{ kind: "slider", prompt: "How many", min: 0, max: 10, step: 3 }] })).toEqual({ "questions.0.step": "sliderStep" });
    expect(errorsOf({ ...draft, questions: [{ kind: "slider", prompt: "How many", min: 0, max: 5000, step: 1 }] })).toEqual({ "questions.0.step": "sliderStep" });
    expect(errorsOf({ title: "T", points: 1, questions: "nps" })).toEqual({ questions: "invalidValue" });
    expect(errorsOf(null)).toEqual({ questions: "invalidValue" });
  });

  it("reads a stored version back to the same questions", () => {
    const { questions } = definition();
    expect(parseStoredQuestions(JSON.stringify(questions))).toEqual(questions);
    expect(() => parseStoredQuestions(JSON.stringify([{ kind: "nps", prompt: "" }]))).toThrow(/not valid/);
  });
});

describe("versions", () => {
  it("keeps the version when only the title or points change, and moves on when a question changes", () => {
    const current = { version: 3, questions: definition().questions };
    expect(versionAfterEdit(current, definition().questions)).toBe(3);
    const edited = definition().questions.map((q) => (q.kind === "single" ? { ...q, choices: [...q.choices, "Street"] } : q));
    expect(versionAfterEdit(current, edited)).toBe(4);
    expect(versionAfterEdit(current, definition().questions.slice(1))).toBe(4);
  });

  it("keys one completed survey per member and version", () => {
    expect(surveyIdempotencyKey("s1", 2, "gid://shopify/Customer/7")).toBe("survey:s1:2:gid://shopify/Customer/7");
    expect(explainSurveyEntry("Tell us", 2, 1500)).toBe("Survey “Tell us” (version 2): 1,500 pts");
  });
});

describe("validateAnswers", () => {
  const questions = definition().questions;
  const complete = { nps: 9, q1: "Park" };

  it("accepts required answers alone, and every kind in range", () => {
    expect(validateAnswers(questions, complete)).toEqual({ ok: true, answers: complete });
    const full = { nps: 0, ces: 7, q1: "Piste", q2: ["Hiking", "Surf"], q3: "  Great  shop ", q4: 35 };
    expect(validateAnswers(questions, full)).toEqual({ ok: true, answers: { ...full, q2: ["Surf", "Hiking"], q3: "Great  shop" } });
  });

  it("refuses a partial answer, naming the required questions left out", () => {
    expect(validateAnswers(questions, { nps: 9 })).toEqual({ ok: false, fieldErrors: { q1: "Answer this question" } });
    expect(validateAnswers(questions, { nps: 9, q1: "" })).toMatchObject({ ok: false, fieldErrors: { q1: "Answer this question" } });
  });

  it("refuses out-of-range values, unknown questions, foreign choices and text past the cap", () => {
    const fails = (answers: Record<string, unknown>) => {
      const result = validateAnswers(questions, { ...complete, ...answers });
      return result.ok ? [] : Object.keys(result.fieldErrors);
    };
    expect(fails({ nps: 11 })).toEqual(["nps"]);
    expect(fails({ nps: -1 })).toEqual(["nps"]);
    expect(fails({ nps: 8.5 })).toEqual(["nps"]);
    expect(fails({ nps: "9" })).toEqual(["nps"]);
    expect(fails({ ces: 0 })).toEqual(["ces"]);
    expect(fails({ ces: 8 })).toEqual(["ces"]);
    expect(fails({ q1: "Moon" })).toEqual(["q1"]);
    expect(fails({ q1: ["Park"] })).toEqual(["q1"]);
    expect(fails({ q2: ["Surf", "Surf"] })).toEqual(["q2"]);
    expect(fails({ q2: ["Surf", "Ski"] })).toEqual(["q2"]);
    expect(fails({ q3: "x".repeat(201) })).toEqual(["q3"]);
    expect(fails({ q3: "x".repeat(10_000) })).toEqual(["q3"]);
    expect(fails({ q3: 42 })).toEqual(["q3"]);
    expect(fails({ q4: 101 })).toEqual(["q4"]);
    expect(fails({ q4: 7 })).toEqual(["q4"]);
    expect(fails({ q9: "hello" })).toEqual(["q9"]);
    expect(fails({ __proto__: 1, constructor: 2 })).toEqual(["constructor"]);
    expect(validateAnswers(questions, [9])).toMatchObject({ ok: false, fieldErrors: { answers: expect.any(String) } });
    expect(validateAnswers(questions, null)).toMatchObject({ ok: false });
  });

  it("refuses an empty answer to a survey of optional questions", () => {
    const optional: SurveyQuestion[] = [{ id: "q1", kind: "text", prompt: "Say", required: false, maxLength: 10 }];
    expect(validateAnswers(optional, {})).toEqual({ ok: false, fieldErrors: { answers: "Answer at least one question" } });
  });

  it("property: an NPS answer is accepted exactly when it is a whole number from 0 to 10", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: false })), (score) => {
        const ok = validateAnswers(questions, { ...complete, nps: score }).ok;
        expect(ok).toBe(Number.isInteger(score) && score >= 0 && score <= 10);
      }),
    );
  });

  it("property: a text answer is accepted exactly when it fits the cap after trimming; blanks are no answer", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), (text) => {
        const result = validateAnswers(questions, { ...complete, q3: text });
        const trimmed = cleanTextAnswer(text);
        expect(result.ok).toBe([...trimmed].length <= 200);
        if (result.ok) expect(result.answers.q3).toBe(trimmed === "" ? undefined : trimmed);
      }),
    );
  });

  it("refuses a required text left blank", () => {
    const required: SurveyQuestion[] = [{ id: "q1", kind: "text", prompt: "Say", required: true, maxLength: 10 }];
    expect(validateAnswers(required, { q1: " \u0000 " })).toEqual({ ok: false, fieldErrors: { q1: "Answer this question" } });
  });

  it("property: slider answers are accepted exactly on the grid", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 120 }), (value) => {
        expect(validateAnswers(questions, { ...complete, q4: value }).ok).toBe(value >= 0 && value <= 100 && value % 5 === 0);
      }),
    );
  });
});

describe("cleanTextAnswer", () => {
  it("drops control characters, keeps line breaks and tabs, trims", () => {
    expect(cleanTextAnswer(" a\u0000b\tc\nd\u007f ")).toBe("ab\tc\nd");
  });
});

describe("interests", () => {
  const questions = definition().questions;

  it("are the choices picked, merged across responses without repeats", () => {
    expect(interestsOf(questions, { nps: 9, q1: "Park", q2: ["Surf", "Hiking"], q3: "Skate" })).toEqual(["Park", "Surf", "Hiking"]);
    expect(mergeInterests([["Park", "Surf"], ["surf", "Hiking"]])).toEqual(["Hiking", "Park", "Surf"]);
  });

  it("become tags without commas, and the plan swaps exactly what changed", () => {
    expect(interestTags(["Surf, sun", "Park", "Park"])).toEqual(["Interest: Park", "Interest: Surf sun"]);
    expect(planInterestTags(["Interest: Park", "Interest: Surf"], ["Interest: Surf", "Interest: Hiking"])).toEqual({
      add: ["Interest: Hiking"],
      remove: ["Interest: Park"],
      tagged: ["Interest: Hiking", "Interest: Surf"],
    });
  });

  it("property: applying the plan to the previous tags gives the wanted tags", () => {
    const tag = fc.constantFrom<string>("Interest: A", "Interest: B", "Interest: C", "Interest: D");
    fc.assert(
      fc.property(fc.uniqueArray(tag), fc.uniqueArray(tag), (previous, wanted) => {
        const plan = planInterestTags(previous, wanted);
        const after = new Set(previous.filter((t) => !plan.remove.includes(t)).concat(plan.add));
        expect([...after].sort()).toEqual([...wanted].sort());
        expect(plan.add.every((t) => !previous.includes(t))).toBe(true);
        expect(plan.remove.every((t) => previous.includes(t))).toBe(true);
      }),
    );
  });
});
