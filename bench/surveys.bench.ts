/**
 * Surveys report benchmark: the Surveys report (NPS, CES, the monthly trend, NPS by tier, answers per question) and
 * its CSV on a shop with many responses, through the app's own Prisma client, against a baseline measured in the
 * same run on the same database: reading the same response rows (`findMany` with the report's columns), the floor
 * any report computed from them stands on.
 *
 * 1. A fresh SQLite database from the committed migrations (tmp/bench/surveys-*). The survey is saved by the app's
 *    `saveSurvey` (NPS, CES, single and multiple choice, a 0–100 slider, text); tiers, N members and one response
 *    each over --months months are inserted with better-sqlite3 (seeded PRNG; dates in the driver adapter's format).
 * 2. Checks (exit 1 on failure): the report counts every response; its NPS counts, CES average, trend and by-tier
 *    totals equal the same figures computed in SQL; the CSV has one line per answer given.
 * 3. Timed (one warm-up, then --runs): the report, the CSV read to its end, the baseline read; median and max, and
 *    the ratio report / baseline.
 * 4. A table on stdout; JSON in bench/results/surveys-<timestamp>.json and surveys-latest.json.
 *
 * Target (reported, not failed): the report within 3× the baseline read.
 *
 *   npx tsx bench/surveys.bench.ts [--responses 50000] [--months 12] [--runs 7] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createPrismaClient } from "../app/db.server";
import { getSurveyAnswersCsv, getSurveyReport } from "../app/loyalty/server/survey-report.server";
import { saveSurvey } from "../app/loyalty/server/surveys.server";
import type { SurveyQuestion } from "../app/loyalty/surveys";
import { createMigratedDatabase } from "../tests/support/migrated-database";
import { loadAverages, machine } from "./support/machine";
import { positiveInt } from "./support/options";
import { seededRandom } from "./support/random";
import { writeResult, runMain } from "./support/results";
import { percentile } from "./support/stats";

const SHOP = "bench-surveys.myshopify.com";
const DAY_MS = 24 * 60 * 60 * 1000;
const TIERS = ["Bronze", "Silver", "Gold"];
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
const round2 = (value: number, digits = 2) => Number(value.toFixed(digits));

const SURVEY = {
  title: "How are we doing?",
  points: "50",
  questions: [
    { kind: "nps", prompt: "How likely are you to recommend us?" },
    { kind: "ces", prompt: "How easy was it to buy?", required: false },
    { kind: "single", prompt: "Where do you ride?", choices: ["Park", "Backcountry", "Piste"] },
    { kind: "multiple", prompt: "What do you buy?", choices: ["Boards", "Boots", "Bindings", "Layers"], required: false },
    { kind: "slider", prompt: "Days on snow a year", min: 0, max: 100, step: 5, required: false },
    { kind: "text", prompt: "Anything else?", maxLength: 200, required: false },
  ],
};

/** One shopper's answers: every required question, the optional ones most of the time. */
function answersFor(questions: readonly SurveyQuestion[], random: () => number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    if (question.required === false && random() < 0.2) continue;
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    switch (question.kind) {
      case "nps":
        answers[question.id] = Math.floor(random() * 11);
        break;
      case "ces":
        answers[question.id] = 1 + Math.floor(random() * 7);
        break;
      case "single":
        answers[question.id] = pick(question.choices);
        break;
      case "multiple":
        answers[question.id] = question.choices.filter(() => random() < 0.4);
        if ((answers[question.id] as string[]).length === 0) delete answers[question.id];
        break;
      case "slider":
        answers[question.id] = question.min + question.step * Math.floor(random() * ((question.max - question.min) / question.step + 1));
        break;
      case "text":
        answers[question.id] = `Answer ${Math.floor(random() * 1e6)}`;
        break;
    }
  }
  return answers;
}

function seed(file: string, surveyId: string, questions: readonly SurveyQuestion[], responses: number, months: number, now: Date): number {
  const db = new Database(file);
  const random = seededRandom(42);
  const insertTier = db.prepare(`INSERT INTO "Tier" (id, shop, name, threshold, multiplierMilli) VALUES (?, ?, ?, ?, 1000)`);
  const insertMember = db.prepare(`INSERT INTO "Member" (id, shop, customerGid, tierId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertResponse = db.prepare(
    `INSERT INTO "SurveyResponse" (id, shop, surveyId, version, memberId, answers, interests, nps, ces, tierId, points, submittedAt) VALUES (?, ?, ?, 1, ?, ?, '[]', ?, ?, ?, 50, ?)`,
  );
  const nps = questions.find((question) => question.kind === "nps");
  const ces = questions.find((question) => question.kind === "ces");
  let answers = 0;
  db.transaction(() => {
    TIERS.forEach((name, index) => insertTier.run(`tier-${index}`, SHOP, name, index * 1000));
    for (let i = 0; i < responses; i += 1) {
      const tierId = random() < 0.1 ? null : `tier-${Math.floor(random() * TIERS.length)}`;
      const at = new Date(now.getTime() - Math.floor(random() * months * 30 * DAY_MS));
      const given = answersFor(questions, random);
      answers += Object.keys(given).length;
      insertMember.run(`member-${i}`, SHOP, `gid://shopify/Customer/${100000 + i}`, tierId, sqliteDate(at), sqliteDate(at));
      const npsValue = nps ? ((given[nps.id] as number | undefined) ?? null) : null;
      const cesValue = ces ? ((given[ces.id] as number | undefined) ?? null) : null;
      insertResponse.run(`response-${String(i).padStart(7, "0")}`, SHOP, surveyId, `member-${i}`, JSON.stringify(given), npsValue, cesValue, tierId, sqliteDate(at));
    }
  })();
  db.close();
  return answers;
}

/** The figures the report must agree with, computed in SQL. */
function sqlFigures(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const one = (sql: string) => db.prepare(sql).get(SHOP) as Record<string, number | null>;
  const figures = {
    responses: one(`SELECT COUNT(*) AS n FROM "SurveyResponse" WHERE shop = ?`).n,
    promoters: one(`SELECT COUNT(*) AS n FROM "SurveyResponse" WHERE shop = ? AND nps >= 9`).n,
    passives: one(`SELECT COUNT(*) AS n FROM "SurveyResponse" WHERE shop = ? AND nps BETWEEN 7 AND 8`).n,
    detractors: one(`SELECT COUNT(*) AS n FROM "SurveyResponse" WHERE shop = ? AND nps <= 6`).n,
    cesAverage: one(`SELECT ROUND(AVG(ces), 2) AS n FROM "SurveyResponse" WHERE shop = ? AND ces IS NOT NULL`).n,
  };
  db.close();
  return figures;
}

async function timed(runs: number, work: () => Promise<unknown>) {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: round2(percentile(sorted, 50)), maxMs: round2(sorted.at(-1) ?? 0), runs };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { responses: { type: "string" }, months: { type: "string" }, runs: { type: "string" }, keep: { type: "boolean", default: false } } });
  const options = {
    responses: positiveInt("responses", values.responses, 50_000),
    months: positiveInt("months", values.months, 12),
    runs: positiveInt("runs", values.runs, 7),
  };
  const startedAt = new Date().toISOString();
  const load = loadAverages();
  mkdirSync("tmp/bench", { recursive: true });
  const dir = mkdtempSync(path.join("tmp/bench", "surveys-"));
  const file = path.join(dir, "bench.sqlite");
  createMigratedDatabase(file);
  const prisma = createPrismaClient(`file:${path.resolve(file)}`);
  try {
    const now = new Date();
    const { survey } = await saveSurvey(prisma, SHOP, SURVEY, now);
    const seedStart = performance.now();
    const answers = seed(file, survey.id, survey.questions, options.responses, options.months, now);
    const seedSeconds = round2((performance.now() - seedStart) / 1000, 1);
    console.log(`Seeded ${options.responses} responses (${answers} answers) in ${seedSeconds} s`);

    const report = await getSurveyReport(prisma, SHOP);
    if (!report) throw new Error("no survey");
    const sql = sqlFigures(file);
    const csvLines = async () => {
      const csv = await getSurveyAnswersCsv(prisma, SHOP, now);
      if (!csv) throw new Error("no survey");
      const text = await new Response(csv.body).text();
      return text.trimEnd().split("\n").length - 1;
    };
    const checks = [
      { name: "every response counted", ok: report.responses === sql.responses },
      { name: "NPS counts equal SQL", ok: report.nps.promoters === sql.promoters && report.nps.passives === sql.passives && report.nps.detractors === sql.detractors },
      { name: "CES average equals SQL", ok: report.ces.average === sql.cesAverage },
      { name: "the trend's months add up to every response", ok: report.trend.reduce((n, month) => n + month.responses, 0) === sql.responses },
      { name: "NPS by tier adds up to every NPS answer", ok: report.byTier.reduce((n, tier) => n + tier.nps.answers, 0) === report.nps.answers },
      { name: "the CSV has one line per answer", ok: (await csvLines()) === answers },
    ];
    for (const check of checks) console.log(`${check.ok ? "ok  " : "FAIL"} ${check.name}`);

    const where = { shop: SHOP, surveyId: survey.id };
    const baseline = await timed(options.runs, () =>
      prisma.surveyResponse.findMany({ where, select: { nps: true, ces: true, tierId: true, submittedAt: true, version: true, answers: true }, orderBy: { submittedAt: "desc" } }),
    );
    const reportTime = await timed(options.runs, () => getSurveyReport(prisma, SHOP));
    const csvTime = await timed(Math.min(options.runs, 3), csvLines);
    const ratio = round2(reportTime.medianMs / baseline.medianMs);
    const result = {
      benchmark: "surveys",
      startedAt,
      options,
      machine: machine(load),
      seeded: { responses: options.responses, answers, seconds: seedSeconds },
      baseline: { what: "findMany of the shop's responses with the report's columns", ...baseline },
      report: reportTime,
      csv: csvTime,
      ratioReportToBaseline: ratio,
      target: { ratioAtMost: 3, met: ratio <= 3 },
      checks,
    };
    console.table({ baseline, report: reportTime, csv: csvTime });
    console.log(`report / baseline: ${ratio}× (target ≤ 3×)`);
    console.log(`Results: ${writeResult("surveys", startedAt, result)}`);
    return checks.every((check) => check.ok) ? 0 : 1;
  } finally {
    await prisma.$disconnect();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
