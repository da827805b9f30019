import { useFetcher, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DropZone, FormLayout, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { ImportField } from "~/loyalty/points-import";
import type { ImportMessage } from "~/loyalty/points-import-messages";
import { importMessageText } from "./import-messages";

type UploadAnswer =
  | { ok: true; import: { id: string } }
  | { ok: false; error: string; fieldErrors: Record<string, string>; messageCode?: ImportMessage; columns: string[] | null };

const SOURCES = ["auto", "smile", "loyaltylion", "yotpo", "rivo", "other"] as const;
const FIELDS: readonly ImportField[] = ["customerId", "email", "points", "lifetime", "tier"];

/** The upload form: a CSV file, its source app, and — after the file's columns were not recognised — a mapping. */
export function ImportUploadCard({ limitBytes }: { limitBytes: number }) {
  const { t, formatLocale } = useAdminText();
  const fetcher = useFetcher<UploadAnswer>();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState("auto");
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>>>({});
  const [localError, setLocalError] = useState<string | null>(null);
  const answer = fetcher.data;
  const busy = fetcher.state !== "idle";

  // Open the dry run once the upload's whole round trip is over: Remix revalidates this page after the action, and a
  // navigation started meanwhile had its route discovery (the preview route's manifest patch) aborted when that
  // revalidation landed, leaving a page that matched no route (a blank frame in the end-to-end test).
  const settled = fetcher.state === "idle";
  useEffect(() => {
    if (settled && answer?.ok) navigate(`/app/import/${answer.import.id}`);
  }, [settled, answer, navigate]);

  const columns = answer && !answer.ok ? answer.columns : null;
  // The refusal in the admin's language when the server sent its key, else the server's sentence.
  const refusal = answer && !answer.ok ? (answer.messageCode ? importMessageText(answer.messageCode, t, formatLocale) : answer.error) : null;
  const error = localError ?? refusal;
  const megabytes = Math.round(limitBytes / (1024 * 1024));

  const choose = (files: File[]) => {
    const chosen = files[0] ?? null;
    setMapping({});
    // Refused here, before a byte is sent; the server refuses it too (413) should this check be bypassed.
    if (chosen && chosen.size > limitBytes) {
      setFile(null);
      const size = new Intl.NumberFormat(formatLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(chosen.size / (1024 * 1024));
      setLocalError(t("import.upload.tooLarge", { name: chosen.name, size, megabytes }));
      return;
    }
    setLocalError(null);
    setFile(chosen);
  };

  const submit = () => {
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    form.append("source", source);
    for (const [field, column] of Object.entries(mapping)) if (column) form.append(`map_${field}`, column);
    fetcher.submit(form, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("import.upload.title")}
        </Text>
        <Text as="p">{t("import.upload.intro", { megabytes })}</Text>
        {error ? (
          <Banner tone="critical" title={t("import.upload.refused")}>
            <p>{error}</p>
          </Banner>
        ) : null}
        <FormLayout>
          <Select
            label={t("import.upload.source")}
            options={SOURCES.map((value) => ({ value, label: t(`import.upload.sources.${value}`) }))}
            value={source}
            onChange={setSource}
          />
          <DropZone label={t("import.upload.file")} accept=".csv,text/csv,text/plain" type="file" allowMultiple={false} onDrop={(_all, accepted) => choose(accepted)}>
            {file ? (
              <InlineStack align="center" blockAlign="center">
                <Text as="p">{t("import.upload.fileSize", { name: file.name, kilobytes: Math.max(1, Math.round(file.size / 1024)) })}</Text>
              </InlineStack>
            ) : (
              <DropZone.FileUpload actionTitle={t("import.upload.addFile")} actionHint={t("import.upload.dropHint")} />
            )}
          </DropZone>
          {columns && columns.length > 0 ? (
            <BlockStack gap="200">
              <Text as="p" fontWeight="semibold">
                {t("import.upload.chooseColumns")}
              </Text>
              {FIELDS.map((field) => (
                <Select
                  key={field}
                  label={t(`import.upload.fields.${field}`)}
                  options={[{ label: "—", value: "" }, ...columns.map((column) => ({ label: column, value: column }))]}
                  value={mapping[field] ?? ""}
                  onChange={(value) => setMapping((current) => ({ ...current, [field]: value }))}
                />
              ))}
            </BlockStack>
          ) : null}
          <Button variant="primary" onClick={submit} disabled={!file} loading={busy}>
            {t("import.upload.check")}
          </Button>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
