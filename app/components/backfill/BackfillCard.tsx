import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { programFormat } from "~/components/program/format";
import { useAdminText } from "~/i18n/admin-text";
import type { BackfillFieldError } from "~/loyalty/backfill";
import type { BackfillSummary } from "~/loyalty/server/backfill.server";

type ActionData = { ok: true; backfill: BackfillSummary | null } | { ok: false; error: string; errors: BackfillFieldError[] };

const ACTIVE = ["queued", "running", "writing"];

/**
 * Backfill past orders: the range and mode, then the preview of the cost (orders found, points, their value),
 * Confirm or Discard, then the writing's progress (bar, counts, ETA). The page polls while the job works.
 */
export function BackfillCard({ backfill, programLive }: { backfill: BackfillSummary | null; programLive: boolean }) {
  const { t, formatLocale } = useAdminText();
  const fetcher = useFetcher<ActionData>();
  const revalidator = useRevalidator();
  const [preset, setPreset] = useState("90d");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [mode, setMode] = useState(programLive ? "award" : "history");
  const active = backfill !== null && ACTIVE.includes(backfill.status);
  const format = programFormat(formatLocale, backfill?.currency ?? "USD");
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : [];
  const errorOf = (field: BackfillFieldError["field"]) => {
    const found = errors.find((e) => e.field === field);
    return found ? t(`backfill.errors.${found.code}`) : undefined;
  };

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);

  const showForm = !backfill || backfill.status === "done" || backfill.status === "failed";
  const eta = backfill?.progress.etaSeconds ?? null;
  return (
    <BlockStack gap="400">
      {backfill ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t(`backfill.status.${backfill.status}`)}
            </Text>
            <Text as="p" tone="subdued">
              {t(`backfill.mode.${backfill.mode}`)} · {t("backfill.range", { from: backfill.from.slice(0, 10), to: new Date(Date.parse(backfill.to) - 86_400_000).toISOString().slice(0, 10) })}
            </Text>
            {backfill.status === "failed" && backfill.error ? (
              <Banner tone="critical" title={t("backfill.failed")}>
                <p>{backfill.error}</p>
              </Banner>
            ) : null}
            {backfill.status !== "queued" && backfill.status !== "running" ? (
              <Text as="p">
                {t("backfill.preview", {
                  found: format.number(backfill.ordersFound),
                  eligible: format.number(backfill.ordersEligible),
                  points: format.number(backfill.previewPoints),
                })}
                {backfill.mode === "award"
                  ? ` ${backfill.previewValueMinor === null ? t("backfill.noPointValue") : t("backfill.value", { value: format.money(backfill.previewValueMinor) })}`
                  : ""}
              </Text>
            ) : null}
            {backfill.mode === "award" && backfill.previewExpired > 0 && backfill.status !== "queued" && backfill.status !== "running" ? (
              <Text as="p" tone="caution">
                {t("backfill.expired", { points: format.number(backfill.previewExpired) })}
              </Text>
            ) : null}
            {backfill.status === "previewed" ? (
              <BlockStack gap="200">
                <Text as="p" tone="subdued">
                  {t(backfill.mode === "award" ? "backfill.confirmAward" : "backfill.confirmHistory")}
                </Text>
                <InlineStack gap="200">
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="confirm" />
                    <input type="hidden" name="backfillId" value={backfill.id} />
                    <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                      {t("backfill.confirm")}
                    </Button>
                  </fetcher.Form>
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="discard" />
                    <input type="hidden" name="backfillId" value={backfill.id} />
                    <Button submit>{t("backfill.discard")}</Button>
                  </fetcher.Form>
                </InlineStack>
              </BlockStack>
            ) : null}
            {backfill.status === "writing" || backfill.status === "done" ? (
              <BlockStack gap="200">
                <ProgressBar progress={backfill.status === "done" ? 100 : (backfill.progress.percent ?? 0)} tone={backfill.status === "done" ? "success" : "highlight"} animated={false} />
                <Text as="p">
                  {t("backfill.counts", {
                    done: format.number(backfill.ordersDone),
                    total: format.number(backfill.ordersEligible),
                    awarded: format.number(backfill.ordersAwarded),
                    points: format.number(backfill.pointsAwarded),
                    refunds: format.number(backfill.refundsRecorded),
                  })}
                </Text>
                {backfill.status === "writing" && eta !== null ? (
                  <Text as="p" tone="subdued">
                    {t("backfill.eta", { minutes: format.number(Math.max(1, Math.ceil(eta / 60))) })}
                  </Text>
                ) : null}
              </BlockStack>
            ) : null}
          </BlockStack>
        </Card>
      ) : null}
      {showForm ? (
        <Card>
          <fetcher.Form method="post">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("backfill.formTitle")}
              </Text>
              <Text as="p">{t("backfill.intro")}</Text>
              {fetcher.data && !fetcher.data.ok && errors.length === 0 ? <Banner tone="critical">{fetcher.data.error}</Banner> : null}
              <input type="hidden" name="intent" value="preview" />
              <Select
                label={t("backfill.rangeLabel")}
                name="preset"
                value={preset}
                onChange={setPreset}
                options={["90d", "1y", "2y", "custom"].map((value) => ({ value, label: t(`backfill.presets.${value}`) }))}
                error={errorOf("preset")}
              />
              {preset === "custom" ? (
                <InlineStack gap="300">
                  <TextField label={t("backfill.from")} type="date" name="from" value={from} onChange={setFrom} autoComplete="off" error={errorOf("from")} />
                  <TextField label={t("backfill.to")} type="date" name="to" value={to} onChange={setTo} autoComplete="off" error={errorOf("to")} />
                </InlineStack>
              ) : null}
              <ChoiceList
                title={t("backfill.modeLabel")}
                choices={[
                  { value: "award", label: t("backfill.mode.award"), helpText: t("backfill.mode.awardHelp"), disabled: !programLive },
                  { value: "history", label: t("backfill.mode.history"), helpText: t("backfill.mode.historyHelp") },
                ]}
                selected={[mode]}
                onChange={(selected) => setMode(selected[0] ?? "history")}
                error={errorOf("mode")}
              />
              <input type="hidden" name="mode" value={mode} />
              <InlineStack>
                <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                  {t("backfill.start")}
                </Button>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {t("backfill.nothingWritten")}
              </Text>
            </BlockStack>
          </fetcher.Form>
        </Card>
      ) : null}
    </BlockStack>
  );
}
