import { useFetcher, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DropZone, FormLayout, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ImportField } from "~/loyalty/points-import";

type UploadAnswer =
  | { ok: true; import: { id: string } }
  | { ok: false; error: string; fieldErrors: Record<string, string>; columns: string[] | null };

const SOURCE_OPTIONS = [
  { label: "Detect from the columns", value: "auto" },
  { label: "Smile.io", value: "smile" },
  { label: "LoyaltyLion", value: "loyaltylion" },
  { label: "Yotpo Loyalty (Swell)", value: "yotpo" },
  { label: "Rivo", value: "rivo" },
  { label: "Another app or a spreadsheet", value: "other" },
];

const FIELD_LABELS: Record<ImportField, string> = {
  customerId: "Shopify customer id",
  email: "Email",
  points: "Points balance",
  lifetime: "Lifetime points (optional)",
  tier: "Tier (optional)",
};

/** The upload form: a CSV file, its source app, and — after the file's columns were not recognised — a mapping. */
export function ImportUploadCard({ limitBytes }: { limitBytes: number }) {
  const fetcher = useFetcher<UploadAnswer>();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState("auto");
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>>>({});
  const [localError, setLocalError] = useState<string | null>(null);
  const answer = fetcher.data;
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    if (answer?.ok) navigate(`/app/import/${answer.import.id}`);
  }, [answer, navigate]);

  const columns = answer && !answer.ok ? answer.columns : null;
  const error = localError ?? (answer && !answer.ok ? answer.error : null);
  const megabytes = Math.round(limitBytes / (1024 * 1024));

  const choose = (files: File[]) => {
    const chosen = files[0] ?? null;
    setMapping({});
    // Refused here, before a byte is sent; the server refuses it too (413) should this check be bypassed.
    if (chosen && chosen.size > limitBytes) {
      setFile(null);
      setLocalError(`${chosen.name} is ${(chosen.size / (1024 * 1024)).toFixed(1)} MB; the most an import takes is ${megabytes} MB. Split it into smaller files.`);
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
          Upload a CSV of balances
        </Text>
        <Text as="p">
          One row per customer, keyed by Shopify customer id or email, with a points balance (and optionally lifetime points and a tier). The
          exports of Smile.io, LoyaltyLion, Yotpo Loyalty and Rivo are recognised; other files can be mapped. UTF-8 or UTF-16, comma, semicolon
          or tab separated, up to {megabytes} MB.
        </Text>
        {error ? (
          <Banner tone="critical" title="This file cannot be imported">
            <p>{error}</p>
          </Banner>
        ) : null}
        <FormLayout>
          <Select label="Exported from" options={SOURCE_OPTIONS} value={source} onChange={setSource} />
          <DropZone label="CSV file" accept=".csv,text/csv,text/plain" type="file" allowMultiple={false} onDrop={(_all, accepted) => choose(accepted)}>
            {file ? (
              <InlineStack align="center" blockAlign="center">
                <Text as="p">
                  {file.name} ({Math.max(1, Math.round(file.size / 1024))} KB)
                </Text>
              </InlineStack>
            ) : (
              <DropZone.FileUpload actionTitle="Add file" actionHint="or drop a .csv file" />
            )}
          </DropZone>
          {columns && columns.length > 0 ? (
            <BlockStack gap="200">
              <Text as="p" fontWeight="semibold">
                Choose the file&apos;s columns
              </Text>
              {(Object.keys(FIELD_LABELS) as ImportField[]).map((field) => (
                <Select
                  key={field}
                  label={FIELD_LABELS[field]}
                  options={[{ label: "—", value: "" }, ...columns.map((column) => ({ label: column, value: column }))]}
                  value={mapping[field] ?? ""}
                  onChange={(value) => setMapping((current) => ({ ...current, [field]: value }))}
                />
              ))}
            </BlockStack>
          ) : null}
          <Button variant="primary" onClick={submit} disabled={!file} loading={busy}>
            Check file
          </Button>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
