/**
 * Surveys (issue 11) through the real routes: the merchant builds, edits and publishes a survey in the admin
 * (session tokens), shoppers answer it through Shopify-signed app-proxy requests and customer-account tokens, the
 * ledger gets one `survey` entry per member and version however often or concurrently they send it, every bad answer
 * is refused writing nothing, the report and CSV add up, interests become customer tags (and go away exactly), and
 * answers are in data requests and erased on redact.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signJwt } from "../../devstore/signing";
import { createJobHandlers } from "~/loyalty/server/jobs.server";
import { PROGRAM_FACTS_SYNC, runDueJobs } from "~/loyalty/server/outbox.server";
import { getProgramFacts } from "~/loyalty/server/program-facts.server";
import { getSurveyReport } from "~/loyalty/server/survey-report.server";
import { SURVEY_ERROR_CODES } from "~/loyalty/surveys";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import { action as surveysAction, loader as surveysLoader } from "~/routes/app.surveys";
import { loader as answersCsv } from "~/routes/app.surveys_.answers[.csv]";
import { action as accountSurvey, loader as accountSurveyLoader } from "~/routes/customer-account.survey";
import { action as proxyAnswer, loader as proxySurvey } from "~/routes/proxy.survey";
import { action as customersDataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { adminRequest, callRoute } from "../support/admin";
import { proxyRequest, type ProxyRequestOptions } from "../support/app-proxy";
import { prisma, resetDatabase } from "../support/database";
import { startFakeAdminApi } from "../support/fake-admin-api";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { deliver, toRawJson, webhookExample, webhookRequest } from "../support/webhooks";

const fake = startFakeAdminApi();
const handlers = createJobHandlers(prisma, adminGraphqlForShop);
// The customer of Shopify's compliance examples, so data_request and redact name them.
const CUSTOMER_ID = "191167";
const CUSTOMER_GID = `gid://shopify/Customer/${CUSTOMER_ID}`;
const OTHER_ID = "5001";

const SURVEY = {
  title: "Tell us how we are doing",
  points: "50",
  questions: [
    { kind: "nps", prompt: "How likely are you to recommend us?" },
    { kind: "ces", prompt: "How easy was it to buy?", required: false },
    { kind: "multiple", prompt: "What do you ride?", choices: ["Park", "Backcountry", "Piste"] },
    { kind: "text", prompt: "Anything else?", maxLength: 200, required: false },
  ],
};

type Json = Record<string, unknown>;

async function admin(form: Record<string, string>) {
  const response = (await callRoute(surveysAction, await adminRequest("/app/surveys", { form }))) as Response;
  return { status: response.status, body: (await response.json()) as Json };
}

const saveSurvey = (survey: unknown = SURVEY) => admin({ intent: "save", survey: JSON.stringify(survey) });

async function publish(survey: unknown = SURVEY) {
  expect((await saveSurvey(survey)).status).toBe(200);
  expect((await admin({ intent: "publish" })).status).toBe(200);
}

async function call(handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>, request: Request) {
  const response = (await callRoute(handler, request)) as Response;
  return { status: response.status, body: (await response.json().catch(() => null)) as Json };
}

const getSurvey = (options: ProxyRequestOptions = {}) => call(proxySurvey, proxyRequest("survey", { customerId: CUSTOMER_ID, ...options }));

async function current() {
  const { body } = await getSurvey();
  const survey = body.survey as { id: string; version: number };
  return survey;
}

async function answer(answers: unknown, options: ProxyRequestOptions & { survey?: { id: string; version: number } } = {}) {
  const survey = options.survey ?? (await current());
  return call(proxyAnswer, proxyRequest("survey", { customerId: CUSTOMER_ID, method: "POST", body: { surveyId: survey.id, version: survey.version, answers }, ...options }));
}

const entries = () => prisma.ledgerEntry.findMany({ where: { type: "survey" }, orderBy: { createdAt: "asc" } });
const written = async () => ({ members: await prisma.member.count(), responses: await prisma.surveyResponse.count(), entries: (await entries()).length });

/** Runs the outbox until nothing is due. */
async function drain() {
  let clock = Date.now();
  for (let i = 0; i < 10; i++) {
    const result = await runDueJobs(prisma, handlers, { now: new Date((clock += 60_000)) });
    expect(result.dead).toBe(0);
    if (result.done + result.retried === 0) return;
  }
}

function customerToken(sub: string | null = CUSTOMER_GID): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Json = { aud: TEST_API_KEY, dest: TEST_SHOP, exp: now + 300, nbf: now - 1, iat: now - 1, jti: randomUUID() };
  if (sub) claims.sub = sub;
  return signJwt(claims, TEST_API_SECRET);
}

function accountRequest(init: { method?: string; token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = { Origin: "null" };
  if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? customerToken()}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return new Request(`${TEST_APP_URL}/customer-account/survey`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

beforeEach(async () => {
  await resetDatabase();
  await storeOfflineSession(TEST_SHOP);
  fake.state.addCustomer({ id: CUSTOMER_GID, tags: ["VIP"] });
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

describe("the Surveys page", () => {
  it("refuses an invalid survey with field errors in the merchant's words, writing nothing", async () => {
    const { status, body } = await saveSurvey({ ...SURVEY, title: "", questions: [...SURVEY.questions, { kind: "single", prompt: "One?", choices: ["Only"] }] });
    expect(status).toBe(400);
    expect(body.fieldErrors).toMatchObject({ title: expect.any(String), "questions.4.choices": expect.any(String) });
    expect(body.fieldErrorCodes).toMatchObject({ title: { key: "surveys.errors.titleLength" }, "questions.4.choices": { key: "surveys.errors.choicesCount" } });
    expect(await prisma.survey.count()).toBe(0);
    expect((await admin({ intent: "publish" })).status).toBe(400);
  });

  it("has every error code worded in English and French", () => {
    for (const locale of ["en", "fr"] as const) {
      const words = flattenMessages(MESSAGES[locale]);
      expect(SURVEY_ERROR_CODES.filter((code) => !words.has(`surveys.errors.${code}`))).toEqual([]);
    }
  });

  it("versions the questions: a title or points edit keeps the version, a question edit makes the next", async () => {
    await saveSurvey();
    expect((await saveSurvey({ ...SURVEY, title: "Quick survey", points: 80 })).body).toMatchObject({ ok: true, newVersion: false });
    expect(await prisma.survey.findFirstOrThrow()).toMatchObject({ version: 1, title: "Quick survey", points: 80n });
    const edited = { ...SURVEY, title: "Quick survey", questions: SURVEY.questions.slice(0, 3) };
    expect((await saveSurvey(edited)).body).toMatchObject({ ok: true, newVersion: true });
    const page = (await callRoute(surveysLoader, await adminRequest("/app/surveys"))) as { survey: { version: number; title: string; points: number; status: string } };
    expect(page.survey).toMatchObject({ version: 2, title: "Quick survey", points: 50, status: "draft" });
    expect(await prisma.surveyResponse.count()).toBe(0);
    expect(await prisma.surveyVersion.count()).toBe(2);
  });
});

describe("answering on the storefront (signed app proxy)", () => {
  it("shows nothing before the survey is published, then the survey", async () => {
    await saveSurvey();
    expect((await getSurvey()).body).toEqual({ survey: null, answered: false });
    expect((await getProgramFacts(prisma, TEST_SHOP, new Date())).survey).toBeUndefined();
    await admin({ intent: "publish" });
    // The storefront block asks for a survey only while the program facts say one is published.
    expect(await prisma.outboxJob.count({ where: { kind: PROGRAM_FACTS_SYNC, doneAt: null } })).toBe(1);
    expect((await getProgramFacts(prisma, TEST_SHOP, new Date())).survey).toBe(true);
    const { status, body } = await getSurvey();
    expect(status).toBe(200);
    expect(body).toMatchObject({ answered: false, survey: { title: SURVEY.title, points: 50, version: 1 } });
    expect((body.survey as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual(["nps", "ces", "q1", "q2"]);
  });

  it("refuses the logged out and unsigned requests", async () => {
    await publish();
    expect((await getSurvey({ customerId: null })).status).toBe(401);
    expect((await getSurvey({ tamper: (params) => params.set("logged_in_customer_id", OTHER_ID) })).status).toBe(400);
    const survey = await current();
    expect((await answer({ nps: 9, q1: ["Park"] }, { survey, customerId: null })).status).toBe(401);
    expect(await written()).toEqual({ members: 0, responses: 0, entries: 0 });
  });

  it("earns the points once: a repeat is a clear error and writes nothing", async () => {
    await publish();
    const first = await answer({ nps: 10, ces: 6, q1: ["Piste", "Park"], q2: "Great boards" });
    expect(first).toEqual({ status: 200, body: { ok: true, points: 50, balance: 50 } });
    const [entry] = await entries();
    const survey = await current();
    expect(entry).toMatchObject({ points: 50n, idempotencyKey: `survey:${survey.id}:1:${CUSTOMER_GID}`, explanation: `Survey “${SURVEY.title}” (version 1): 50 pts` });
    expect((await getSurvey()).body).toMatchObject({ answered: true });

    const again = await answer({ nps: 0, q1: ["Park"] });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "ALREADY_ANSWERED", error: "You have already answered this survey" });
    expect(await written()).toEqual({ members: 1, responses: 1, entries: 1 });
    const response = await prisma.surveyResponse.findFirstOrThrow();
    expect(JSON.parse(response.answers)).toEqual({ nps: 10, ces: 6, q1: ["Park", "Piste"], q2: "Great boards" });
    expect(response).toMatchObject({ nps: 10, ces: 6 });
  });

  it("writes one entry when the same answers arrive at once", async () => {
    await publish();
    const survey = await current();
    const results = await Promise.all([1, 2, 3].map(() => answer({ nps: 9, q1: ["Park"] }, { survey })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await written()).toEqual({ members: 1, responses: 1, entries: 1 });
    expect(Number((await prisma.member.findFirstOrThrow()).balance)).toBe(50);
  });

  it("refuses out-of-range values, unknown questions, 10,000-character text and partial answers, writing nothing", async () => {
    await publish();
    const refused = async (answers: unknown) => {
      const result = await answer(answers);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code: "INVALID_INPUT" });
      return Object.keys(result.body.fieldErrors as Json);
    };
    expect(await refused({ nps: 11, q1: ["Park"] })).toEqual(["nps"]);
    expect(await refused({ nps: 9, ces: 0, q1: ["Park"] })).toEqual(["ces"]);
    expect(await refused({ nps: 9, q1: ["Moon"] })).toEqual(["q1"]);
    expect(await refused({ nps: 9, q1: ["Park"], q7: "hi" })).toEqual(["q7"]);
    expect(await refused({ nps: 9, q1: ["Park"], q2: "x".repeat(10_000) })).toEqual(["q2"]);
    expect(await refused({ nps: 9 })).toEqual(["q1"]);
    expect(await refused("nine")).toEqual(["answers"]);
    expect(await written()).toEqual({ members: 0, responses: 0, entries: 0 });
  });

  it("earns again for a new version, and refuses answers to the old one", async () => {
    await publish();
    const v1 = await current();
    expect((await answer({ nps: 8, q1: ["Park"] }, { survey: v1 })).status).toBe(200);
    await saveSurvey({ ...SURVEY, questions: [...SURVEY.questions, { kind: "slider", prompt: "Days on snow", min: 0, max: 100, step: 10, required: false }] });
    const stale = await answer({ nps: 8, q1: ["Park"] }, { survey: v1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "SURVEY_CLOSED" });
    expect((await getSurvey()).body).toMatchObject({ answered: false, survey: { version: 2 } });
    expect((await answer({ nps: 9, q1: ["Piste"], q3: 30 })).body).toMatchObject({ points: 50, balance: 100 });
    expect((await entries()).map((e) => e.idempotencyKey)).toEqual([`survey:${v1.id}:1:${CUSTOMER_GID}`, `survey:${v1.id}:2:${CUSTOMER_GID}`]);
  });

  it("closes with the survey or the program paused", async () => {
    await publish();
    const survey = await current();
    await admin({ intent: "pause" });
    expect((await getSurvey()).body).toEqual({ survey: null, answered: false });
    expect((await answer({ nps: 9, q1: ["Park"] }, { survey })).body).toMatchObject({ code: "SURVEY_CLOSED" });
    await admin({ intent: "publish" });
    await prisma.program.update({ where: { shop: TEST_SHOP }, data: { status: "paused" } });
    expect((await answer({ nps: 9, q1: ["Park"] }, { survey })).status).toBe(409);
    expect(await written()).toEqual({ members: 0, responses: 0, entries: 0 });
  });
});

describe("answering after an order (customer account token)", () => {
  it("answers the token's customer only, once", async () => {
    await publish();
    const { status, body } = await call(accountSurveyLoader, accountRequest());
    expect(status).toBe(200);
    const survey = body.survey as { id: string; version: number };
    const send = (token?: string | null) => call(accountSurvey, accountRequest({ token, body: { surveyId: survey.id, version: survey.version, answers: { nps: 7, q1: ["Backcountry"] } } }));
    expect((await send(null)).status).toBe(401);
    expect((await send(signJwt({ aud: TEST_API_KEY, dest: TEST_SHOP, sub: CUSTOMER_GID, exp: 1 }, TEST_API_SECRET))).status).toBe(401);
    expect((await send()).body).toMatchObject({ ok: true, points: 50 });
    expect((await send()).body).toMatchObject({ code: "ALREADY_ANSWERED" });
    expect((await getSurvey()).body).toMatchObject({ answered: true });
    expect(await written()).toEqual({ members: 1, responses: 1, entries: 1 });
  });
});

describe("the Surveys report", () => {
  it("gives NPS with counts, CES, the month, and a CSV of every answer", async () => {
    await publish();
    const survey = await current();
    const scores: [string, number, number | null][] = [
      [CUSTOMER_ID, 10, 7],
      ["5002", 9, 5],
      ["5003", 7, null],
      ["5004", 3, 2],
    ];
    for (const [customerId, nps, ces] of scores) {
      const answers = ces === null ? { nps, q1: ["Park"] } : { nps, ces, q1: ["Park", "Piste"] };
      expect((await answer(answers, { survey, customerId })).status).toBe(200);
    }
    const report = await getSurveyReport(prisma, TEST_SHOP);
    expect(report?.nps).toEqual({ promoters: 2, passives: 1, detractors: 1, answers: 4, score: 25 });
    expect(report?.ces).toEqual({ answers: 3, average: 4.67 });
    expect(report?.trend).toHaveLength(1);
    expect(report?.byTier.reduce((sum, row) => sum + row.nps.answers, 0)).toBe(4);
    expect(report?.questions[2]).toMatchObject({ answers: 4, counts: [{ choice: "Park", count: 4 }, { choice: "Backcountry", count: 0 }, { choice: "Piste", count: 3 }] });

    const csv = (await callRoute(answersCsv, await adminRequest("/app/surveys/answers.csv"))) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("submitted_at,response_id,customer_id,version,question_id,question,answer");
    // 4 NPS + 3 CES + 4 choice answers.
    expect(lines).toHaveLength(1 + 11);
    expect(lines.filter((line) => line.includes(`,${CUSTOMER_ID},1,q1,`))[0]).toMatch(/,What do you ride\?,Park; Piste$/);
  });
});

describe("interests", () => {
  it("become customer tags when the merchant turns them on, and go away exactly when turned off", async () => {
    await publish();
    expect((await answer({ nps: 9, q1: ["Park", "Piste"] })).status).toBe(200);
    await drain();
    expect(fake.state.customers.get(CUSTOMER_GID)?.tags).toEqual(["VIP"]);

    expect((await admin({ intent: "settings", interestTags: "on" })).status).toBe(200);
    await drain();
    expect(fake.state.customers.get(CUSTOMER_GID)?.tags).toEqual(["VIP", "Interest: Park", "Interest: Piste"]);
    expect((await prisma.member.findFirstOrThrow()).interestTags).toBe(JSON.stringify(["Interest: Park", "Interest: Piste"]));

    await admin({ intent: "settings", interestTags: "" });
    await drain();
    expect(fake.state.customers.get(CUSTOMER_GID)?.tags).toEqual(["VIP"]);
    expect((await prisma.member.findFirstOrThrow()).interestTags).toBeNull();
  });
});

describe("privacy", () => {
  function compliance(topic: "customers/data_request" | "customers/redact"): string {
    const body = webhookExample<Json & { customer: Json }>(topic);
    body.shop_domain = TEST_SHOP;
    return toRawJson(body);
  }

  it("exports the answers on a data request and erases them on redact, keeping the points under the pseudonym", async () => {
    await publish();
    expect((await answer({ nps: 9, q1: ["Park"], q2: "Call me Ishmael" })).status).toBe(200);
    expect((await deliver(customersDataRequest, webhookRequest("customers/data_request", compliance("customers/data_request")))).status).toBe(200);
    const exported = JSON.parse((await prisma.dataRequest.findFirstOrThrow()).export) as { surveyResponses: unknown[] };
    expect(exported.surveyResponses).toEqual([
      {
        survey: SURVEY.title,
        version: 1,
        submittedAt: expect.any(String),
        answers: [
          { question: "How likely are you to recommend us?", answer: 9 },
          { question: "What do you ride?", answer: ["Park"] },
          { question: "Anything else?", answer: "Call me Ishmael" },
        ],
      },
    ]);

    expect((await deliver(customersRedact, webhookRequest("customers/redact", compliance("customers/redact")))).status).toBe(200);
    expect(await prisma.surveyResponse.count()).toBe(0);
    const member = await prisma.member.findFirstOrThrow();
    const [entry] = await entries();
    expect(entry?.points).toBe(50n);
    expect(entry?.idempotencyKey).not.toContain(CUSTOMER_ID);
    expect(entry?.idempotencyKey).toContain(`redacted:${member.id}`);
    expect(Number(member.balance)).toBe(50);
  });
});
