/**
 * The survey after an order on the customer account's order-status page (issue 11; extensions/customer-account-blocks):
 * the block's client asks the app's real `/customer-account/survey` route with a session token signed as Shopify
 * signs it, builds the answers from the form's draft, and renders the section in English and French. A partial
 * answer is refused on its question and writes nothing; a complete one earns the survey's points once.
 */
import { randomUUID } from "node:crypto";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { saveSurvey, setSurveyStatus } from "~/loyalty/server/surveys.server";
import { action as surveyAction, loader as surveyLoader } from "~/routes/customer-account.survey";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { signJwt } from "../../devstore/signing";
import { answersFromDraft, ratingScale, refusalKey, toggleChoice, type SurveyQuestionView } from "../../extensions/customer-account-blocks/src/survey";
import { fetchSurvey, submitSurvey, SurveyRequestError } from "../../extensions/customer-account-blocks/src/survey-client";
import { SurveySection } from "../../extensions/customer-account-blocks/src/SurveySection";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, exactId, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";
import { rewardsText } from "./rewards-text";

const fake = startFakeAdminApi();
const CUSTOMER_GID = "gid://shopify/Customer/115310627314723954";

const appFetch: typeof fetch = async (input, init) => {
  const request = new Request(String(input), init);
  if (new URL(request.url).pathname !== "/customer-account/survey") return new Response("Not found", { status: 404 });
  const handler = request.method === "POST" ? surveyAction : surveyLoader;
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
};

const options = {
  appUrl: TEST_APP_URL,
  fetch: appFetch,
  getToken: async () => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub: CUSTOMER_GID, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() }, TEST_API_SECRET);
  },
};

const SURVEY = {
  title: "How did we do?",
  points: "50",
  questions: [
    { kind: "nps", prompt: "How likely are you to recommend us?" },
    { kind: "single", prompt: "Where did you hear of us?", choices: ["A friend", "Instagram"] },
    { kind: "multiple", prompt: "What do you ride?", choices: ["Park", "Backcountry", "Piste"] },
    { kind: "text", prompt: "Anything else?", maxLength: 200, required: false },
    { kind: "slider", prompt: "Days on snow a year", min: 0, max: 100, step: 5, required: false },
  ],
};

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const surveyEntries = () => prisma.ledgerEntry.count({ where: { type: "survey" } });

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  // A paid order: the shopper is a member and the program is live.
  const order = webhookExample<Record<string, unknown>>("orders/paid");
  order.id = exactId("820982911946154508");
  expect((await deliver(ordersPaid, webhookRequest("orders/paid", toRawJson(order)))).status).toBe(200);
});

describe("the pure form", () => {
  const questions: SurveyQuestionView[] = [
    { id: "q1", prompt: "NPS", required: true, kind: "nps" },
    { id: "q2", prompt: "Pick", required: true, kind: "multiple", choices: ["A", "B", "C"] },
    { id: "q3", prompt: "Say", required: false, kind: "text", maxLength: 10 },
    { id: "q4", prompt: "Slide", required: false, kind: "slider", min: 0, max: 10, step: 1 },
  ];

  it("sends only what was answered: numbers for ratings and sliders, chosen labels in the question's order, trimmed text", () => {
    expect(answersFromDraft(questions, { q1: "9", q2: ["C", "A"], q3: "  hi ", q4: "" })).toEqual({ q1: 9, q2: ["A", "C"], q3: "hi" });
    expect(answersFromDraft(questions, { q1: "", q2: [], q3: "   " })).toEqual({});
    // Not a number: sent as typed, for the app to refuse on its field.
    expect(answersFromDraft(questions, { q4: "lots" })).toEqual({ q4: "lots" });
  });

  it("ticks and unticks choices, offers the NPS and CES scales, and words the app's refusals", () => {
    expect(toggleChoice(undefined, "A", true)).toEqual(["A"]);
    expect(toggleChoice(["A", "B"], "A", false)).toEqual(["B"]);
    expect(ratingScale("nps")).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ratingScale("ces")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(refusalKey("ALREADY_ANSWERED", false)).toBe("survey.already");
    expect(refusalKey("SURVEY_CLOSED", false)).toBe("survey.closed");
    expect(refusalKey("INVALID_INPUT", true)).toBe("survey.invalid");
    expect(refusalKey(null, false)).toBe("survey.error");
  });
});

describe("the order-status survey against the app", () => {
  it("shows nothing until a survey is live", async () => {
    expect(await fetchSurvey(options)).toEqual({ survey: null, answered: false });
    await saveSurvey(prisma, TEST_SHOP, SURVEY, new Date());
    expect((await fetchSurvey(options)).survey).toBeNull();
  });

  it("refuses a partial answer on its question and writes nothing, then earns the points once for a complete one", async () => {
    await saveSurvey(prisma, TEST_SHOP, SURVEY, new Date());
    await setSurveyStatus(prisma, TEST_SHOP, "live", new Date());
    const shopper = await fetchSurvey(options);
    const survey = shopper.survey;
    if (!survey) throw new Error("no live survey");
    expect(shopper.answered).toBe(false);
    const [nps, where, ride] = survey.questions;
    if (!nps || !where || !ride) throw new Error("questions missing");

    const english = text(renderToString(h(SurveySection, { survey, text: rewardsText("en", "customer-account-blocks"), draft: {}, onDraft: () => {}, onSubmit: () => {}, sending: false, done: null, refusal: null })));
    expect(english).toContain("Answer and earn 50 points.");
    expect(english).toContain("10 – Very likely");
    expect(english).toContain("Send my answers");
    const french = text(renderToString(h(SurveySection, { survey, text: rewardsText("fr", "customer-account-blocks"), draft: {}, onDraft: () => {}, onSubmit: () => {}, sending: false, done: null, refusal: null })));
    expect(french).toContain("Répondez et gagnez 50 points.");
    expect(french).toContain("Envoyer mes réponses");

    // NPS only: the two required choices are missing.
    const partial = await submitSurvey(options, { surveyId: survey.id, version: survey.version, answers: answersFromDraft(survey.questions, { [nps.id]: "9" }) }).catch((error: unknown) => error);
    expect(partial).toBeInstanceOf(SurveyRequestError);
    const refused = partial as SurveyRequestError;
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.fieldErrors).sort()).toEqual([where.id, ride.id].sort());
    expect(await surveyEntries()).toBe(0);
    const refusal = { key: refusalKey(refused.code, true), fields: Object.keys(refused.fieldErrors) };
    const shown = renderToString(h(SurveySection, { survey, text: rewardsText("en", "customer-account-blocks"), draft: { [nps.id]: "9" }, onDraft: () => {}, onSubmit: () => {}, sending: false, done: null, refusal }));
    expect(text(shown)).toContain("Some answers need a look");
    expect(shown.match(/Check this answer/g)).toHaveLength(2);

    const draft = { [nps.id]: "9", [where.id]: "A friend", [ride.id]: toggleChoice(toggleChoice(undefined, "Piste", true), "Park", true) };
    const answer = await submitSurvey(options, { surveyId: survey.id, version: survey.version, answers: answersFromDraft(survey.questions, draft) });
    expect(answer).toMatchObject({ ok: true, points: 50 });
    expect(await surveyEntries()).toBe(1);
    const response = await prisma.surveyResponse.findFirstOrThrow();
    expect(JSON.parse(response.answers)).toMatchObject({ [ride.id]: ["Park", "Piste"], [where.id]: "A friend" });
    const thanks = text(renderToString(h(SurveySection, { survey, text: rewardsText("fr", "customer-account-blocks"), draft, onDraft: () => {}, onSubmit: () => {}, sending: false, done: { points: 50 }, refusal: null })));
    expect(thanks).toContain("Merci ! Vous avez gagné 50 points.");

    // Sent again (a second tab): refused, still one entry; the page no longer offers it.
    const again = await submitSurvey(options, { surveyId: survey.id, version: survey.version, answers: answersFromDraft(survey.questions, draft) }).catch((error: unknown) => error);
    expect(again).toMatchObject({ code: "ALREADY_ANSWERED" });
    expect(await surveyEntries()).toBe(1);
    expect(await fetchSurvey(options)).toMatchObject({ answered: true });
  });
});
