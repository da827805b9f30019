/**
 * Import row errors and file errors in the merchant's language, through the real routes: a signed multipart upload
 * to the import page's action, the preview page's loader, and the preview page rendered from what it loaded.
 *
 * Rules proven here:
 * - Each stored row keeps its English sentence (`error`) and carries its reason as a message key and values
 *   (`errorDetail`); the French page words every reason in French, numbers in the French format, and shows no
 *   English sentence; the English page still reads as before.
 * - A row stored before details existed (no `errorDetail`) shows its English sentence, led by its kind.
 * - A refused file answers its English sentence and a message key with values (`messageCode`), which the upload
 *   card words in French.
 */
import { AppProvider } from "@shopify/polaris";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { LoaderFunction } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { importMessageText } from "~/components/import/import-messages";
import { adminText, AdminTextProvider, POLARIS_TRANSLATIONS } from "~/i18n/admin-text";
import { FORMAT_LOCALE, type AdminLocale } from "~/i18n/admin-locale";
import { flattenMessages, MESSAGES } from "~/i18n/messages";
import type { ImportMessage } from "~/loyalty/points-import-messages";
import * as importPage from "~/routes/app.import._index";
import ImportPreviewPage, * as previewPage from "~/routes/app.import.$id";
import { callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";
import { storeOfflineSession } from "../support/sessions";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, TEST_SHOP } from "../support/test-env";
import { answerOf, callAs } from "../members/support";

type PreviewData = Awaited<ReturnType<typeof previewPage.loader>>;

interface UploadBody {
  ok: boolean;
  error?: string;
  messageCode?: ImportMessage;
  import?: { id: string };
}

async function upload(file: string | Uint8Array) {
  await storeOfflineSession(TEST_SHOP);
  const form = new FormData();
  const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
  form.append("file", new File([bytes as BlobPart], "soldes.csv", { type: "text/csv" }));
  form.append("source", "auto");
  const request = await setUpValidRequest(
    { type: RequestType.Bearer, store: TEST_SHOP.replace(/\.myshopify\.com$/, ""), apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
    new Request(`${TEST_APP_URL}/app/import`, { method: "POST", body: form }),
  );
  return answerOf<UploadBody>(await callRoute(importPage.action, request));
}

/** The preview page as the admin renders it from its loader's data, as text. */
async function render(data: PreviewData, locale: AdminLocale): Promise<string> {
  const routes = [{ id: "page", path: "*", Component: ImportPreviewPage, loader: (() => data) as LoaderFunction }];
  const context = await createStaticHandler(routes).query(new Request(`https://loyalty.test/app/import/${data.import.id}?rows=all`));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(routes, context);
  const html = renderToString(
    createElement(AdminTextProvider, {
      locale,
      children: createElement(AppProvider, { i18n: POLARIS_TRANSLATIONS[locale] }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
    }),
  );
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

const FILE = [
  "Customer ID,Email,Points,Points lifetime,Tier",
  ",ann@example.com,1250,,", // row 2: valid
  ",nobody@example.com,40,,", // row 3: no member has the email
  ',bob@example.com,"1,250",,', // row 4: thousands separators
  ",cy@example.com,5,-3,", // row 5: negative lifetime
  ",ANN@example.com,99,,", // row 6: duplicate of row 2
  ",dee@example.com,0,,", // row 7: zero balance, skipped
  "77,,10,,", // row 8: customer 77 is not a member
  ",shared@example.com,10,,", // row 9: two members have the email
  ",not-an-email,10,,", // row 10: bad email
  ",,10,,", // row 11: no key
  ",eve@example.com,100000001,,", // row 12: too large
  `,fay@example.com,10,,${"x".repeat(101)}`, // row 13: tier too long
].join("\n");

async function preview(): Promise<PreviewData> {
  const { status, body } = await upload(FILE);
  expect(status).toBe(200);
  const id = body.import?.id ?? "";
  return (await callAs(previewPage.loader, `/app/import/${id}?rows=all`, { id })) as PreviewData;
}

beforeEach(async () => {
  await resetDatabase();
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  let n = 0;
  for (const email of ["ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com", "shared@example.com", "Shared@example.com", "eve@example.com", "fay@example.com"]) {
    n += 1;
    await prisma.member.create({ data: { shop: TEST_SHOP, customerGid: `gid://shopify/Customer/${n}`, email, displayName: `Customer ${n}` } });
  }
});

describe("import row errors in the admin's language", () => {
  it("stores each reason as a key and values beside its English sentence", async () => {
    const data = await preview();
    const byRow = new Map(data.rows.rows.map((row) => [row.row, row]));
    expect(byRow.get(3)).toMatchObject({ error: "Unknown customer: no member has the email nobody@example.com", errorDetail: { key: "emailNotMember", values: { email: "nobody@example.com" } } });
    expect(byRow.get(8)?.errorDetail).toEqual({ key: "customerNotMember", values: { id: "77" } });
    expect(byRow.get(9)?.errorDetail).toEqual({ key: "emailShared", values: { email: "shared@example.com", members: 2 } });
    expect(byRow.get(6)?.errorDetail).toEqual({ key: "duplicateRow", values: { row: "2" } });
    expect(byRow.get(2)).toMatchObject({ error: null, errorDetail: null });
  });

  it("shows every row's reason in French, numbers in the French format, and no English sentence", async () => {
    const data = await preview();
    const fr = await render(data, "fr");
    for (const words of [
      "Client inconnu : aucun membre n'a l'e-mail nobody@example.com",
      "Nombre invalide : « 1,250 » dans la colonne des points contient des séparateurs de milliers ; écrivez-le en chiffres seulement (1250)",
      "Nombre invalide : -3 dans la colonne des points cumulés est négatif",
      "Ligne en double : même client qu'à la ligne 2",
      "Solde de 0 point : rien à importer",
      "Client inconnu : le client 77 n'est pas encore membre de votre programme",
      "Client inconnu : 2 membres ont l'e-mail shared@example.com ; utilisez leurs identifiants client",
      "E-mail invalide : « not-an-email » n'est pas une adresse e-mail",
      "Aucun client : la ligne n'a ni identifiant client ni e-mail",
      "Palier invalide : le nom du palier dépasse 100 caractères",
    ]) {
      expect(fr).toContain(words);
    }
    // 100,000,000 grouped the French way (the cell as written stays as written).
    expect(fr).toMatch(/100000001 dans la colonne des points dépasse les 100\s000\s000 points/u);

    // No English: neither the stored sentences nor any fragment of the English details.
    const stored = data.rows.rows.flatMap((row) => (row.error ? [row.error] : []));
    expect(stored.length).toBe(11);
    for (const sentence of stored) expect(fr).not.toContain(sentence);
    // The columns line names each field in French beside the file's own header, which stays as written.
    expect(fr).toContain('identifiant client ← "Customer ID", e-mail ← "Email", points ← "Points", points cumulés ← "Points lifetime", palier ← "Tier"');
    // One valid row: the button and the sentence say so in the singular.
    expect(fr).toMatch(/Importer 1 ligne \(1\s250 points\)/u);
    const words = fr.replace(/Colonnes utilisées : [^.]*\./, "");
    const english = flattenMessages({ import: MESSAGES.en.import ?? {} });
    const french = flattenMessages(MESSAGES.fr);
    const leftovers = [...english].flatMap(([key, text]) =>
      text
        .split(/\{\{\w+\}\}/)
        .map((fragment) => fragment.trim())
        .filter((fragment) => fragment.length >= 8 && !(french.get(key) ?? "").includes(fragment) && words.includes(fragment))
        .map((fragment) => `${key}: ${fragment}`),
    );
    expect(leftovers).toEqual([]);

    // The same page in English reads as it did: the check above can fail.
    const en = await render(data, "en");
    expect(en).toContain("Unknown customer: no member has the email nobody@example.com");
    expect(en).toContain('Bad number: "1,250" in the points column has thousands separators; write it as digits only (1250)');
    expect(en).toContain("Duplicate row: the same customer as row 2");
    expect(en).toContain('customer id ← "Customer ID", email ← "Email", points ← "Points", lifetime points ← "Points lifetime", tier ← "Tier"');
    expect(en).toContain("Import 1 row (1,250 points)");
    expect(en).toContain("Page 1 of 1 · 12 rows");
    expect(en).toContain('Confirming imports the valid row (1,250 points) as an "import" entry');
    expect(en).toMatch(/more than the 100,000,000 points one import row may hold/);
  });

  it("shows a row stored before details existed with its English sentence", async () => {
    const data = await preview();
    await prisma.pointsImportRow.updateMany({ where: { importId: data.import.id, row: 3 }, data: { errorDetail: null } });
    // A detail this code does not know reads as none.
    await prisma.pointsImportRow.updateMany({ where: { importId: data.import.id, row: 8 }, data: { errorDetail: '{"key":"retired"}' } });
    const id = data.import.id;
    const reloaded = (await callAs(previewPage.loader, `/app/import/${id}?rows=all`, { id })) as PreviewData;
    expect(reloaded.rows.rows.find((row) => row.row === 3)?.errorDetail).toBeNull();
    const fr = await render(reloaded, "fr");
    // The sentence as stored, led by the kind in French instead of the English one.
    expect(fr).toContain("Client inconnu : no member has the email nobody@example.com");
    expect(fr).toContain("Client inconnu : customer 77 is not a member of your program yet");
    expect(fr).toContain("Ligne en double : même client qu'à la ligne 2");
    // In English it reads exactly as stored.
    expect(await render(reloaded, "en")).toContain("Unknown customer: customer 77 is not a member of your program yet");
  });
});

describe("import file errors in the admin's language", () => {
  const french = (code: ImportMessage | undefined) => importMessageText(code ?? { key: "missing" }, adminText("fr").t, FORMAT_LOCALE.fr);

  it("answers a refused file's key and values, which the upload card words in French", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("email,points\nann@example.com,5\nzo"), 0xeb, ...new TextEncoder().encode("@example.com,5\n")]);
    const bad = await upload(latin1);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("not UTF-8");
    expect(bad.body.messageCode).toEqual({ key: "import.upload.errors.notUtf8", values: { line: "3" } });
    expect(french(bad.body.messageCode)).toBe(
      "Le fichier n'est pas du texte UTF-8 (la ligne 3 contient un octet que l'UTF-8 n'autorise pas, comme en ont les fichiers Latin-1 ou Windows-1252). Enregistrez-le au format « CSV UTF-8 » et envoyez-le à nouveau.",
    );

    const unmapped = await upload("Kunde;Punkte\nann@example.com;5\n");
    expect(unmapped.body.messageCode).toEqual({ key: "import.upload.errors.noPointsColumn", values: { columns: "Kunde, Punkte" } });
    expect(french(unmapped.body.messageCode)).toBe(
      "Aucune colonne de points n'a été trouvée. Les colonnes du fichier sont : Kunde, Punkte. Choisissez la colonne des points ci-dessous.",
    );

    const headerOnly = await upload("email,points\n");
    expect(french(headerOnly.body.messageCode)).toBe("Le fichier a une ligne d'en-tête mais aucune ligne de données.");
    expect(await prisma.pointsImport.count()).toBe(0);
  });

  it("words a mapped column the file lacks with the field's French name", async () => {
    await storeOfflineSession(TEST_SHOP);
    const form = new FormData();
    form.append("file", new File(["Kunde;Punkte\nann@example.com;5\n"], "soldes.csv", { type: "text/csv" }));
    form.append("map_email", "Kunde");
    form.append("map_lifetime", "Gesamt");
    form.append("map_points", "Punkte");
    const request = await setUpValidRequest(
      { type: RequestType.Bearer, store: TEST_SHOP.replace(/\.myshopify\.com$/, ""), apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
      new Request(`${TEST_APP_URL}/app/import`, { method: "POST", body: form }),
    );
    const { status, body } = await answerOf<UploadBody>(await callRoute(importPage.action, request));
    expect(status).toBe(400);
    expect(body.error).toBe('The file has no column "Gesamt" for lifetime. Its columns are: Kunde, Punkte.');
    expect(french(body.messageCode)).toBe("Le fichier n'a pas de colonne « Gesamt » pour le champ « points cumulés ». Ses colonnes sont : Kunde, Punkte.");
    expect(importMessageText(body.messageCode ?? { key: "missing" }, adminText("en").t, FORMAT_LOCALE.en)).toBe(
      'The file has no column "Gesamt" for lifetime points. Its columns are: Kunde, Punkte.',
    );
  });

  it("answers an upload without a file with its key", async () => {
    await storeOfflineSession(TEST_SHOP);
    const form = new FormData();
    form.append("source", "auto");
    const request = await setUpValidRequest(
      { type: RequestType.Bearer, store: TEST_SHOP.replace(/\.myshopify\.com$/, ""), apiKey: TEST_API_KEY, apiSecretKey: TEST_API_SECRET },
      new Request(`${TEST_APP_URL}/app/import`, { method: "POST", body: form }),
    );
    const { status, body } = await answerOf<UploadBody>(await callRoute(importPage.action, request));
    expect(status).toBe(400);
    expect(french(body.messageCode)).toBe("Choisissez un fichier CSV à importer.");
  });
});
