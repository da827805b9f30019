import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
import { ImportProgressCard } from "~/components/import/ImportProgressCard";
import { ImportRowsCard } from "~/components/import/ImportRowsCard";
import { ImportStatusBadge } from "~/components/import/ImportStatusBadge";
import { answerAction } from "~/http/action-result.server";
import { staffActor } from "~/loyalty/adjustments";
import { IMPORT_SOURCE_LABELS } from "~/loyalty/points-import";
import { confirmPointsImport, getPointsImport, listImportRows, type RowFilter } from "~/loyalty/server/points-import.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

const NOT_FOUND = "This import does not exist in your shop";
const FILTERS: readonly RowFilter[] = ["all", "error", "valid", "skipped"];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const summary = await getPointsImport(prisma, session.shop, params.id ?? "");
  if (!summary) throw json({ ok: false, error: NOT_FOUND, fieldErrors: {} }, { status: 404 });
  const search = new URL(request.url).searchParams;
  const requested = search.get("rows") ?? "";
  // Errors first while there are any: that is what a merchant must read before confirming.
  const filter: RowFilter = (FILTERS as readonly string[]).includes(requested) ? (requested as RowFilter) : summary.errorRows > 0 ? "error" : "all";
  const page = Math.max(1, Number.parseInt(search.get("page") ?? "1", 10) || 1);
  return { import: summary, sourceLabel: IMPORT_SOURCE_LABELS[summary.source], filter, rows: await listImportRows(prisma, summary.id, { filter, page }) };
};

/** Confirm: queues the writing of the valid rows. Confirming twice queues nothing more. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await requireAdmin(request);
  if (!(await getPointsImport(prisma, session.shop, params.id ?? ""))) throw json({ ok: false, error: NOT_FOUND, fieldErrors: {} }, { status: 404 });
  return answerAction(async () => ({
    import: await confirmPointsImport(prisma, { shop: session.shop, importId: params.id ?? "", actor: staffActor(sessionToken.sub), now: new Date() }),
  }));
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
    </BlockStack>
  );
}

export default function ImportPreviewPage() {
  const { import: summary, sourceLabel: source, filter, rows } = useLoaderData<typeof loader>();
  const { t, formatLocale } = useAdminText();
  const numbers = new Intl.NumberFormat(formatLocale);
  const confirm = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const active = summary.status === "queued" || summary.status === "running";

  // While the job writes, poll the page: the progress bar follows the committed chunks.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [active, revalidator]);

  useEffect(() => {
    if (confirm.state === "idle" && confirm.data) revalidator.revalidate();
    // Only when a confirmation comes back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [confirm.state, confirm.data]);

  const mapped = Object.entries(summary.mapping)
    .map(([field, column]) => `${t(`import.fieldNames.${field}`, { defaultValue: field })} ← "${column}"`)
    .join(", ");

  return (
    <Page
      title={summary.fileName}
      titleMetadata={<ImportStatusBadge status={summary.status} />}
      subtitle={t("import.preview.subtitle", { source })}
      backAction={{ content: t("import.title"), url: "/app/import" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {summary.status === "preview" ? (
              <Banner tone={summary.errorRows > 0 ? "warning" : "info"} title={t("import.preview.dryRun")}>
                <p>
                  {summary.validRows > 0
                    ? [
                        t("import.preview.confirmText", { count: summary.validRows, rows: numbers.format(summary.validRows), points: numbers.format(summary.validPoints) }),
                        summary.errorRows > 0 ? t("import.preview.errorsLeftOut", { count: summary.errorRows, rows: numbers.format(summary.errorRows) }) : "",
                      ]
                        .filter(Boolean)
                        .join(" ")
                    : t("import.preview.nothingValid")}
                </p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="400">
                <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                  <Figure label={t("import.preview.figures.rows")} value={numbers.format(summary.totalRows)} />
                  <Figure label={t("import.preview.figures.matched")} value={numbers.format(summary.validRows)} />
                  <Figure label={t("import.preview.figures.errors")} value={numbers.format(summary.errorRows)} />
                  <Figure label={t("import.preview.figures.skipped")} value={numbers.format(summary.skippedRows)} />
                  <Figure label={t("import.preview.figures.points")} value={numbers.format(summary.validPoints)} />
                </InlineGrid>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("import.preview.columnsUsed", { columns: mapped })}
                </Text>
                {summary.status === "preview" ? (
                  <confirm.Form method="post">
                    <Button submit variant="primary" disabled={summary.validRows === 0} loading={confirm.state !== "idle"}>
                      {t("import.preview.confirm", { count: summary.validRows, rows: numbers.format(summary.validRows), points: numbers.format(summary.validPoints) })}
                    </Button>
                  </confirm.Form>
                ) : null}
              </BlockStack>
            </Card>
            {summary.status !== "preview" ? <ImportProgressCard summary={summary} /> : null}
            <ImportRowsCard filter={filter} rows={rows} counts={summary} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
