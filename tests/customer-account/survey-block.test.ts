/**
 * The survey after an order (extensions/customer-account-blocks, the order-status block; ADR 035): the pure form
 * module builds the body from what was typed and words the app's refusals per question in English and French; the
 * block's client asks the app's real `/customer-account/survey` route handlers with a session token signed as Shopify
 * signs it; the section renders the survey, the refusals under their questions, and the thanks with the points.
 */
import { randomUUID } from "node:crypto";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { fetchShopperSurvey, sendSurveyAnswers, SurveyRequestError } from "../../extensions/customer-account-blocks/src/survey-client";
import {
  buildSurveyBody,
  surveyErrorKey,
  surveyErrors,
  thanksSentence,
  type ShopperSurvey,
  type SurveyBody,
  type SurveyQuestion,
} from "../../extensions/customer-account-blocks/src/survey-form";
import { SurveySection, type SurveySectionProps } from "../../extensions/customer-account-blocks/src/SurveySection";
import { action as surveysAction } from "~/routes/app.surveys";
import { action as accountSurvey, loader as accountSurveyLoader } from "~/routes/customer-account.survey";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { rewardsText } from "./rewards-text";

const fake = startFakeAdminApi();
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";
const en = rewardsText("en", "customer-account-blocks");
const fr = rewardsText("fr", "customer-account-blocks");

const QUESTIONS: SurveyQuestion[] = [
  { id: "nps", kind: "nps", prompt: "How likely are you to recommend us?", required: true },
  { id: "ces", kind: "ces", prompt: "How easy was it to buy?", required: false },
  { id: "q1", kind: "single", prompt: "Where do you ride?", required: true, choices: ["Park", "Backcountry"] },
  { id: "q2", kind: "multiple", prompt: "What do you ride?", required: false, choices: ["Board", "Skis"] },
  { id: "q3", kind: "text", prompt: "Anything else?", required: false, maxLength: 10 },
  { id: "q4", kind: "slider", prompt: "Days on snow a year?", required: false, min: 0, max: 100, step: 5 },
];
const SURVEY: ShopperSurvey = { id: "s1", version: 2, title: "How did we do?", points: 50, questions: QUESTIONS };

/** The browser's fetch from the extension to the app, answered by the app's route modules. */
const appFetch: typeof fetch = async (input, init) => {
  const request = new Request(String(input), { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: "null" } });
  if (new URL(request.url).pathname !== "/customer-account/survey") return new Response("Not found", { status: 404 });
  const route = request.method === "GET" ? accountSurveyLoader : accountSurvey;
  return route({ request, params: {}, context: {} });
};

const options = {
  appUrl: TEST_APP_URL,
  fetch: appFetch,
  getToken: async () => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub: CUSTOMER_GID, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, TEST_API_SECRET);
  },
};

async function admin(form: Record<string, string>) {
  const response = (await callRoute(surveysAction, await adminRequest("/app/surveys", { form }))) as Response;
  expect(response.status).toBe(200);
}

/** The merchant saves and publishes a survey (NPS, an optional CES, a required single choice, a slider). */
async function publish() {
  const survey = {
    title: "How did we do?",
    points: "50",
    questions: [
      { kind: "nps", prompt: "How likely are you to recommend us?" },
      { kind: "ces", prompt: "How easy was it to buy?", required: false },
      { kind: "single", prompt: "Where do you ride?", choices: ["Park", "Backcountry"] },
      { kind: "slider", prompt: "Days on snow a year?", min: 0, max: 100, step: 5, required: false },
    ],
  };
  await admin({ intent: "save", survey: JSON.stringify(survey) });
  await admin({ intent: "publish" });
}

/** Visible text: tags dropped, the attributes the page shows as text kept (headings, labels, errors). */
function visibleText(html: string): string {
  const attributes = [...html.matchAll(/(?:heading|label|error)="([^"]*)"/g)].map((match) => match[1]);
  return `${attributes.join(" | ")} ${html.replace(/<[^>]+>/g, " ")}`.replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
}

function section(props: Partial<SurveySectionProps> = {}): string {
  return renderToString(
    h(SurveySection, { survey: SURVEY, text: en, draft: {}, onDraft: () => undefined, onSubmit: () => undefined, sending: false, errors: null, thanks: null, ...props }),
  );
}

const written = async () => ({ responses: await prisma.surveyResponse.count(), entries: await prisma.ledgerEntry.count({ where: { type: "survey" } }) });

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the answer body", () => {
  it("sends numbers for scales and sliders, picks as given, trimmed text, and leaves out what was not answered", () => {
    const body = buildSurveyBody(SURVEY, { nps: ["9"], ces: [], q1: ["Park"], q2: ["Board", "Skis"], q3: "  Great  ", q4: "15", stray: "x" });
    expect(body).toEqual({ surveyId: "s1", version: 2, answers: { nps: 9, q1: "Park", q2: ["Board", "Skis"], q3: "Great", q4: 15 } });
    expect(buildSurveyBody(SURVEY, { nps: [""], q3: "   ", q4: "" }).answers).toEqual({});
  });

  it("sends what is not a number as typed, so the app refuses it naming its question", () => {
    expect(buildSurveyBody(SURVEY, { q4: "ten" }).answers).toEqual({ q4: "ten" });
    expect(buildSurveyBody(SURVEY, { q4: "12.5" }).answers).toEqual({ q4: 12.5 });
  });
});

describe("the refusals in the shopper's words", () => {
  const body: SurveyBody = { surveyId: "s1", version: 2, answers: { ces: 9, q2: ["Snowshoes"], q3: "far too long an answer", q4: 12 } };
  const refusal = {
    status: 400,
    code: "INVALID_INPUT",
    fieldErrors: { nps: "Answer this question", ces: "x", q1: "Answer this question", q2: "x", q3: "x", q4: "x", gone: "x" },
  };

  it("names what each question needs, in English and French; a field the survey lacks is not shown", () => {
    const errors = surveyErrors(QUESTIONS, body, refusal, en);
    expect(errors).toEqual({
      byQuestion: {
        nps: "Answer this question.",
        ces: "Choose a number from 1 to 7.",
        q1: "Answer this question.",
        q2: "Choose among the choices.",
        q3: "Write at most 10 characters.",
        q4: "Give a number from 0 to 100, in steps of 5.",
      },
      general: "Some answers need a look.",
      final: false,
    });
    const french = surveyErrors(QUESTIONS, body, refusal, fr);
    expect(french.byQuestion).toMatchObject({ nps: "Répondez à cette question.", q3: "Écrivez au plus 10 caractères." });
    expect(french.general).toBe("Certaines réponses sont à revoir.");
  });

  it("words the error codes, and says which end the form (already answered, closed, paused, signed out)", () => {
    const coded = (code: string | null, status = 409) => surveyErrors(QUESTIONS, body, { status, code, fieldErrors: {} }, en);
    expect(coded("ALREADY_ANSWERED")).toEqual({ byQuestion: {}, general: "You have already answered this survey.", final: true });
    expect(coded("SURVEY_CLOSED")).toMatchObject({ general: "This survey has changed or closed. Reload the page to see it again.", final: true });
    expect(coded("PROGRAM_PAUSED")).toMatchObject({ final: true });
    expect(coded("NOT_LOGGED_IN", 401)).toMatchObject({ general: "Sign in again to answer this survey.", final: true });
    expect(coded(null, 413)).toMatchObject({ general: "Your answers are too long to send.", final: false });
    expect(coded(null, 0)).toMatchObject({ general: "Your answers could not be sent. Try again in a moment.", final: false });
    expect(surveyErrorKey({ status: 500, code: "SOMETHING_NEW" })).toBe("survey.errors.generic");
    expect(surveyErrors(QUESTIONS, { ...body, answers: {} }, { status: 400, code: "INVALID_INPUT", fieldErrors: { answers: "Answer at least one question" } }, en)).toMatchObject({
      byQuestion: {},
      general: "Answer at least one question.",
    });
  });

  it("thanks with the points earned (plural), or thanks alone for a survey worth none", () => {
    expect(thanksSentence({ points: 50, balance: 50 }, en)).toBe("Thanks — you earned 50 points.");
    expect(thanksSentence({ points: 1, balance: 1 }, en)).toBe("Thanks — you earned 1 point.");
    expect(thanksSentence({ points: 0, balance: 0 }, fr)).toBe("Merci pour vos réponses !");
  });
});

describe("the section", () => {
  it("shows the title, the points, each question as a field (optional ones said so) and the send button", () => {
    const html = section();
    const shown = visibleText(html);
    expect(shown).toContain("How did we do?");
    expect(shown).toContain("Answer and earn 50 points");
    expect(shown).toContain("How likely are you to recommend us?");
    expect(shown).toContain("How easy was it to buy? (optional)");
    expect(shown).toContain("0: not likely · 10: very likely");
    expect(shown).toContain("From 0 to 100, in steps of 5");
    expect(shown).toContain("Send answers");
    expect(html.match(/<s-choice-list/g)).toHaveLength(4);
    expect(html.match(/<s-choice /g)).toHaveLength(11 + 7 + 2 + 2);
    expect(html).toContain("<s-text-area");
    expect(html).toMatch(/<s-number-field[^>]*step="5"/);
    expect(visibleText(section({ text: fr }))).toContain("Envoyer mes réponses");
  });

  it("shows each refusal on its question, a final one instead of the form, and the thanks after", () => {
    const errors = surveyErrors(QUESTIONS, { surveyId: "s1", version: 2, answers: {} }, { status: 400, code: "INVALID_INPUT", fieldErrors: { q1: "x" } }, en);
    const refused = section({ errors });
    expect(refused).toMatch(/<s-choice-list[^>]*label="Where do you ride\?"[^>]*error="Answer this question\."/);
    expect(visibleText(refused)).toContain("Some answers need a look.");
    const final = section({ errors: { byQuestion: {}, general: "You have already answered this survey.", final: true } });
    expect(visibleText(final)).toContain("You have already answered this survey.");
    expect(final).not.toContain("s-choice-list");
    const thanked = section({ thanks: { points: 50, balance: 50 } });
    expect(visibleText(thanked)).toContain("Thanks — you earned 50 points.");
    expect(thanked).not.toContain("Send answers");
  });
});

describe("through the app's route", () => {
  it("offers nothing before a survey is published", async () => {
    expect(await fetchShopperSurvey(options)).toEqual({ survey: null, answered: false });
  });

  it("refuses a partial answer writing nothing, then earns the points once, and offers the survey no more", async () => {
    await publish();
    const offered = await fetchShopperSurvey(options);
    expect(offered).toMatchObject({ answered: false, survey: { title: "How did we do?", points: 50 } });
    const survey = offered.survey as ShopperSurvey;
    expect(survey.questions.map((question) => question.id)).toEqual(["nps", "ces", "q1", "q2"]);

    const partial = buildSurveyBody(survey, { nps: ["9"] });
    const refused = await sendSurveyAnswers(options, partial).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SurveyRequestError);
    const errors = surveyErrors(survey.questions, partial, (refused as SurveyRequestError).refusal, en);
    expect(errors).toEqual({ byQuestion: { q1: "Answer this question." }, general: "Some answers need a look.", final: false });
    expect(await written()).toEqual({ responses: 0, entries: 0 });

    const offSlider = buildSurveyBody(survey, { nps: ["9"], q1: ["Park"], q2: "7" });
    const offGrid = (await sendSurveyAnswers(options, offSlider).catch((error: unknown) => error)) as SurveyRequestError;
    expect(surveyErrors(survey.questions, offSlider, offGrid.refusal, en).byQuestion).toEqual({ q2: "Give a number from 0 to 100, in steps of 5." });
    expect(await written()).toEqual({ responses: 0, entries: 0 });

    const full = buildSurveyBody(survey, { nps: ["9"], ces: ["6"], q1: ["Park"], q2: "15" });
    expect(await sendSurveyAnswers(options, full)).toMatchObject({ points: 50, balance: 50 });
    expect(await written()).toEqual({ responses: 1, entries: 1 });
    expect(await fetchShopperSurvey(options)).toMatchObject({ answered: true });

    const again = (await sendSurveyAnswers(options, full).catch((error: unknown) => error)) as SurveyRequestError;
    expect(surveyErrors(survey.questions, full, again.refusal, en)).toMatchObject({ general: "You have already answered this survey.", final: true });
    expect(await written()).toEqual({ responses: 1, entries: 1 });
  });
});
