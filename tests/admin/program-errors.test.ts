/**
 * The Program page's validation errors in the merchant's language (issue 10 part 6), through the real action
 * (signed session token, a real database).
 *
 * Rules proven here:
 * - A refused save or reward keeps its English sentences in `fieldErrors` and sends, per field, a message key with
 *   raw values in `fieldErrorCodes` (numbers as numbers, money in minor units with its currency, names as given).
 * - The French page words those codes in French, with French number and money formats, and no English is left.
 */
import { AppProvider, InlineError, Layout } from "@shopify/polaris";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { EarningSection } from "~/components/program/EarningSection";
import { fieldErrorTexts, useFieldErrorTexts, type FieldErrorAnswer } from "~/components/program/field-errors";
import { ProgramBanners } from "~/components/program/ProgramBanners";
import { toDraft } from "~/components/program/program-draft";
import { adminText, AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import type { AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import type { FieldErrorCodes } from "~/loyalty/field-error-codes";
import type { ProgramSettings } from "~/loyalty/program";
import { getShopProgram } from "~/loyalty/server/program.server";
import { action } from "~/routes/app.program";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { TEST_SHOP } from "../support/test-env";

interface Answer extends FieldErrorAnswer {
  ok: boolean;
  messageCode?: FieldErrorAnswer["messageCode"];
  code?: string;
  fieldErrorCodes?: FieldErrorCodes;
}

async function post(form: Record<string, string>) {
  const response = (await callRoute(action, await adminRequest("/app/program", { form }))) as Response;
  return { status: response.status, body: (await response.json()) as Answer };
}

async function settingsWith(patch: (settings: ProgramSettings) => void): Promise<string> {
  const settings = structuredClone((await getShopProgram(prisma, TEST_SHOP)).settings);
  patch(settings);
  return JSON.stringify(settings);
}

const reward = (fields: Record<string, unknown>) =>
  JSON.stringify({ name: "Big", kind: "fixed_amount", pointsCost: 100, amountMinor: 1000, minimumOrderMinor: null, expiryDays: 30, active: true, ...fields });

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  await getShopProgram(prisma, TEST_SHOP);
  await prisma.program.update({ where: { shop: TEST_SHOP }, data: { currency: "EUR" } });
});

describe("the action sends a code with each field error", () => {
  it("names the earn rate's range and the currency, beside the English sentence", async () => {
    const { status, body } = await post({ intent: "save", settings: await settingsWith((s) => (s.baseRateMilli = 250_000)) });
    expect(status).toBe(400);
    expect(body.fieldErrors.baseRateMilli).toBe("Earn rate must be a number of points from 0 to 100 per €1 (up to 3 decimals, e.g. 1.5)");
    expect(body.fieldErrorCodes).toEqual({
      baseRateMilli: { key: "program.errors.baseRateRange", values: { max: 100, per: { minor: 100, currency: "EUR" }, example: 1.5 } },
    });
  });

  it("names the tiers of a tier listed below the one before it", async () => {
    const { status, body } = await post({ intent: "save", settings: await settingsWith((s) => {
        const gold = s.tierProgram.tiers[2];
        if (gold) gold.threshold = 400;
      }) });
    expect(status).toBe(400);
    expect(body.fieldErrors["tierProgram.tiers.2.threshold"]).toContain("tiers go from lowest to highest");
    expect(body.fieldErrorCodes).toEqual({
      "tierProgram.tiers.2.threshold": { key: "program.errors.tierOrder", values: { tier: "Gold", previous: "Silver", threshold: 500 } },
    });
  });

  it("gives an outlier reward's value per point, the program's and how many times it is", async () => {
    // €10 off for 100 points: 10 cents a point, 10× the program's 1 cent.
    const { status, body } = await post({ intent: "reward", reward: reward({}), clientKey: "outlier-key-1" });
    expect(status).toBe(409);
    expect(body.code).toBe("CONFIRMATION_REQUIRED");
    expect(body.fieldErrors["reward.amountMinor"]).toContain("10× your program's point value");
    expect(body.fieldErrorCodes).toEqual({
      "reward.amountMinor": {
        key: "program.errors.rewardOutlier",
        values: {
          worth: { worth: { numerator: 1000, denominator: 100 }, currency: "EUR" },
          times: 10,
          program: { worth: { numerator: 1, denominator: 1 }, currency: "EUR" },
        },
      },
    });
  });

  it("gives the amount ceiling as money, and a schema error its own code", async () => {
    const over = await post({ intent: "reward", reward: reward({ amountMinor: 10_000_000_000 }), clientKey: "ceiling-key-1" });
    expect(over.status).toBe(400);
    expect(over.body.fieldErrors["reward.amountMinor"]).toBe("The amount off can be at most €1,000.00: a larger code could never be used in full");
    expect(over.body.fieldErrorCodes).toEqual({
      "reward.amountMinor": { key: "program.errors.amountCeiling", values: { ceiling: { minor: 100_000, currency: "EUR" } } },
    });

    const percent = await post({ intent: "reward", reward: reward({ kind: "percentage", amountMinor: null, percentBasisPoints: 20_000 }) });
    expect(percent.body.fieldErrorCodes).toEqual({ "reward.percentBasisPoints": { key: "program.errors.rewardPercentMax", values: { max: 100 } } });
  });
});

describe("the French Program page", () => {
  /** The earning section, the failure banner and a reward's amount error, as the page shows them. */
  function ErrorsShown({ answer, rewardAnswer, draft }: { answer: Answer; rewardAnswer: Answer; draft: ReturnType<typeof toDraft> }) {
    const program = useFieldErrorTexts(answer);
    const rewards = useFieldErrorTexts(rewardAnswer);
    return createElement(
      Layout,
      null,
      createElement(ProgramBanners, { failure: program.summary(), warnings: [], tierMoves: null, confirmTierChange: () => undefined }),
      createElement(EarningSection, { draft, update: () => undefined, error: program.error, currency: "EUR" }),
      createElement(InlineError, { message: rewards.error("reward.amountMinor") ?? "", fieldID: "amount" }),
    );
  }

  async function render(locale: AdminLocale) {
    const answer = (await post({ intent: "save", settings: await settingsWith((s) => (s.baseRateMilli = 250_000)) })).body;
    const rewardAnswer = (await post({ intent: "reward", reward: reward({ amountMinor: 10_000_000_000 }), clientKey: "ceiling-key-2" })).body;
    const { settings } = await getShopProgram(prisma, TEST_SHOP);
    const html = renderToString(
      createElement(AdminTextProvider, {
        locale,
        children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, createElement(ErrorsShown, { answer, rewardAnswer, draft: toDraft(settings, "0.01") })),
      }),
    );
    const shown = html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/[ \t\n]+/g, " ");
    return { shown, answer, rewardAnswer };
  }

  it("shows the invalid earn rate and the over-ceiling reward in French", async () => {
    const { shown } = await render("fr");
    const earnRate = "Le taux de gain doit être un nombre de points de 0 à 100 par 1\u00a0€ (jusqu'à 3 décimales, par ex. 1,5)";
    expect(shown).toContain(earnRate);
    expect(shown).toContain("Rien n'a été enregistré"); // the banner's title, and its body is the same French sentence
    expect(shown.split(earnRate).length).toBe(3);
    expect(shown).toContain("Le montant de la réduction ne peut pas dépasser 1\u202f000\u00a0€ : un code plus élevé ne pourrait jamais être utilisé en entier");
  });

  it("has no English left: neither the server's sentences nor the locale files' errors", async () => {
    const { shown, answer, rewardAnswer } = await render("fr");
    const sentences = [...Object.values(answer.fieldErrors), ...Object.values(rewardAnswer.fieldErrors), answer.error];
    expect(sentences.filter((sentence) => shown.includes(sentence))).toEqual([]);
    const english = flattenMessages(MESSAGES.en);
    const french = flattenMessages(MESSAGES.fr);
    const leftovers: string[] = [];
    for (const [key, text] of english) {
      if (!key.startsWith("program.")) continue;
      for (const fragment of text.split(/\{\{\w+\}\}/)) {
        const words = fragment.trim();
        if (words.length >= 8 && !(french.get(key) ?? "").includes(words) && shown.includes(words)) leftovers.push(`${key}: ${words}`);
      }
    }
    expect(leftovers).toEqual([]);
    // The same page in English says it in English: the check above can fail.
    const inEnglish = await render("en");
    expect(inEnglish.shown).toContain("Earn rate must be a number of points from 0 to 100 per €1 (up to 3 decimals, e.g. 1.5)");
    expect(inEnglish.shown).toContain("The amount off can be at most €1,000: a larger code could never be used in full");
  });

  it("falls back to the server's sentence for a field without a code", () => {
    const { t, formatLocale } = adminText("fr");
    const texts = fieldErrorTexts({ error: "Nothing was saved. Something new", fieldErrors: { other: "Something new" } }, t, formatLocale);
    expect(texts.error("other")).toBe("Something new");
    expect(texts.summary()).toBe("Something new");
  });
});

describe("an error about no one field has a code too", () => {
  it("deleting a redeemed reward: the reward's name and count, worded in French", async () => {
    const saved = await prisma.reward.findFirstOrThrow({ where: { shop: TEST_SHOP }, orderBy: { position: "asc" } });
    const member = await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: "gid://shopify/Customer/1" } });
    await prisma.redemption.create({
      data: { shop: TEST_SHOP, memberId: member.id, rewardId: saved.id, clientKey: "k1", code: "LOYAL-1", status: "issued", pointsCost: 500, rewardName: saved.name, createdAt: new Date() },
    });
    const { status, body } = await post({ intent: "delete-reward", rewardId: saved.id });
    expect(status).toBe(409);
    expect(body.messageCode).toEqual({ key: "program.errors.rewardRedeemedNoDelete", values: { name: saved.name, count: 1 } });
    const french = fieldErrorTexts(body, adminText("fr").t, "fr-FR");
    expect(french.message()).toBe(`« ${saved.name} » a déjà été échangée (1) : elle ne peut pas être supprimée, archivez-la plutôt.`);
    expect(fieldErrorTexts(body, adminText("en").t, "en-US").message()).toBe(`“${saved.name}” has been redeemed (1), so it can't be deleted: archive it instead.`);
    expect(await prisma.reward.count({ where: { id: saved.id } })).toBe(1);
  });

  it("a stale form and a missing reward", async () => {
    const stale = await post({ intent: "reward", reward: reward({}), clientKey: "x" });
    expect(stale.body.messageCode).toEqual({ key: "program.errors.formStale" });
    const missing = await post({ intent: "archive-reward", rewardId: "nope" });
    expect(missing.body.messageCode).toEqual({ key: "program.errors.rewardMissing" });
    expect(fieldErrorTexts(missing.body, adminText("fr").t, "fr-FR").message()).toBe("Cette récompense n’existe plus ou est archivée : rechargez la page.");
  });
});
