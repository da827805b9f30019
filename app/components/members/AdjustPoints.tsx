import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { MAX_NOTE_LENGTH } from "~/loyalty/adjustments";
import { adjustmentError, useMemberText, type AdjustmentContext } from "./member-text";

/** What the adjustment action answers (app/routes/app.members.$id.tsx). */
export type AdjustmentResult =
  | { ok: true; adjustment: { status: "recorded" | "duplicate"; entryId: string; points: number; balance: number } }
  | { ok: false; error: string; code: string; fieldErrors: Record<string, string> };

const FIELDS = ["points", "note", "direction"] as const;

/** The manual credit/debit form: a note is required, a large credit asks for confirmation, a double submit writes once. */
export function AdjustPoints({ formKey, context }: { formKey: string; context: AdjustmentContext }) {
  const fetcher = useFetcher<AdjustmentResult>();
  const shopify = useAppBridge();
  const { t, f } = useMemberText();
  const [direction, setDirection] = useState("credit");
  const [points, setPoints] = useState("");
  const [note, setNote] = useState("");
  const [sent, setSent] = useState({ direction, points, note });
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const failure = result && !result.ok ? result : null;
  // A large credit is refused until confirmed: the message goes in a confirm step, not on the field.
  const confirming = failure?.code === "CONFIRMATION_REQUIRED";
  const errorOf = (field: (typeof FIELDS)[number] | "clientKey") =>
    failure && !confirming ? adjustmentError(t, f, failure, field, sent, context) : null;
  const confirmation = failure && confirming ? adjustmentError(t, f, failure, "points", sent, context) : null;

  useEffect(() => {
    if (!result?.ok) return;
    const { status, points: signedPoints, balance } = result.adjustment;
    const amount = signedPoints > 0 ? `+${f.points(signedPoints)}` : f.points(signedPoints);
    shopify.toast.show(
      status === "duplicate" ? t("members.adjust.duplicate") : t("members.adjust.recorded", { count: Math.abs(signedPoints), points: amount, balance: f.points(balance) }),
    );
    setPoints("");
    setNote("");
  }, [result, shopify, t, f]);

  // Errors with no field of their own (member gone, stale form) go in a banner above the form.
  const fieldless = failure && !confirming && FIELDS.every((field) => !failure.fieldErrors[field]);
  const formError = fieldless ? (errorOf("clientKey") ?? failure.error) : null;
  const submit = (confirm: boolean) => {
    setSent({ direction, points, note });
    fetcher.submit({ direction, points, note, clientKey: formKey, ...(confirm ? { confirm: "1" } : {}) }, { method: "post" });
  };

  return (
    <Card>
      <fetcher.Form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          submit(false);
        }}
      >
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("members.adjust.title")}
          </Text>
          {formError ? <Banner tone="critical">{formError}</Banner> : null}
          {confirmation ? (
            <Banner
              tone="warning"
              title={t("members.adjust.confirmTitle")}
              action={{ content: t("members.adjust.confirmAction", { count: Number(points), points: f.points(Number(points)) }), onAction: () => submit(true) }}
            >
              <p>{confirmation}</p>
            </Banner>
          ) : null}
          <input type="hidden" name="clientKey" value={formKey} />
          <FormLayout>
            <Select
              label={t("members.adjust.direction")}
              name="direction"
              options={[
                { label: t("members.adjust.credit"), value: "credit" },
                { label: t("members.adjust.debit"), value: "debit" },
              ]}
              value={direction}
              onChange={setDirection}
              error={errorOf("direction") ?? undefined}
            />
            <TextField
              label={t("members.adjust.points")}
              name="points"
              type="number"
              min={1}
              step={1}
              value={points}
              onChange={setPoints}
              autoComplete="off"
              error={errorOf("points") ?? undefined}
              helpText={direction === "debit" ? t("members.adjust.upTo", { points: f.points(Math.max(0, context.available)) }) : undefined}
            />
            <TextField
              label={t("members.adjust.note")}
              name="note"
              value={note}
              onChange={setNote}
              multiline={3}
              maxLength={MAX_NOTE_LENGTH}
              showCharacterCount
              autoComplete="off"
              error={errorOf("note") ?? undefined}
              helpText={t("members.adjust.noteHelp")}
            />
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {direction === "debit" ? t("members.adjust.debitAction") : t("members.adjust.creditAction")}
            </Button>
          </FormLayout>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
