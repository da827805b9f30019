import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import { EnrolCustomersCard } from "~/components/import/EnrolCustomersCard";
import { ImportHistoryCard } from "~/components/import/ImportHistoryCard";
import { ImportUploadCard } from "~/components/import/ImportUploadCard";
import { staffActor } from "~/loyalty/adjustments";
import { isLoyaltyError, type LoyaltyError } from "~/loyalty/errors";
import { IMPORT_FILE_LIMIT_BYTES, parseImportOptions, readImportHeaders } from "~/loyalty/points-import";
import { importFileError } from "~/loyalty/points-import-messages";
import { getLatestEnrolment, requestEnrolment } from "~/loyalty/server/enrolment.server";
import { listPointsImports, previewPointsImport } from "~/loyalty/server/points-import.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** The file plus the form's few fields and multipart framing. */
const UPLOAD_BODY_LIMIT = IMPORT_FILE_LIMIT_BYTES + 64 * 1024;
const LIMIT_MEGABYTES = IMPORT_FILE_LIMIT_BYTES / (1024 * 1024);
const TOO_LARGE = importFileError(`The file is larger than ${LIMIT_MEGABYTES} MB, the most an import takes. Split it into smaller files.`, "uploadTooLarge", { limit: LIMIT_MEGABYTES });
const NO_FILE = importFileError("Choose a CSV file to import", "chooseFile");

/**
 * A refused file: the English sentence (`error`, `fieldErrors.file`) and the same as a message key and values
 * (`messageCode`, points-import-messages.ts) that the page words in the admin's language.
 */
function refused(error: LoyaltyError, columns: string[] | null, status: number) {
  return json({ ok: false as const, error: error.message, fieldErrors: { file: error.message }, messageCode: error.messageCode, columns }, { status });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  return {
    imports: await listPointsImports(prisma, session.shop),
    limitBytes: IMPORT_FILE_LIMIT_BYTES,
    enrolment: await getLatestEnrolment(prisma, session.shop, new Date()),
  };
};

/** The dry run: reads and checks the file, stores the preview; writes no points. */
export const action = async ({ request }: ActionFunctionArgs) => {
  let admin;
  try {
    // Capped before a byte is buffered past the limit (declared or streamed): a 100 MB upload is refused unread.
    admin = await requireAdmin(request, { bodyLimit: UPLOAD_BODY_LIMIT });
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 413) return refused(TOO_LARGE, null, 413);
    throw thrown;
  }
  const { session, sessionToken, formData } = admin;
  const form = await formData();
  if (form.get("intent") === "enrol") {
    // Enrol the shop's existing customers: the run under way, or a new one (its job reads them in the background).
    const enrolment = await requestEnrolment(prisma, { shop: session.shop, trigger: "merchant", actor: staffActor(sessionToken.sub), now: new Date() });
    return json({ ok: true as const, enrolment });
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    return refused(NO_FILE, null, 400);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { source, mapping } = parseImportOptions(Object.fromEntries(form));
  try {
    const summary = await previewPointsImport(prisma, {
      shop: session.shop,
      fileName: file instanceof File && file.name ? file.name : "import.csv",
      bytes,
      source,
      mapping,
      actor: staffActor(sessionToken.sub),
      now: new Date(),
    });
    return json({ ok: true as const, import: summary });
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    return refused(error, readImportHeaders(bytes), 400);
  }
};

export default function ImportPage() {
  const { imports, limitBytes, enrolment } = useLoaderData<typeof loader>();
  const { t } = useAdminText();
  return (
    <Page title={t("import.title")} subtitle={t("import.subtitle")} backAction={{ content: t("import.back"), url: "/app/members" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <EnrolCustomersCard enrolment={enrolment} />
            <ImportUploadCard limitBytes={limitBytes} />
            <ImportHistoryCard imports={imports} />
            <Text as="p" tone="subdued" variant="bodySm">
              {t("import.nothingWritten")}
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
