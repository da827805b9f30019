import { BlockStack, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import { InsightChart } from "~/components/insights/InsightChart";
import { monthLabel } from "~/components/insights/InsightCard";
import { useAdminText } from "~/i18n/admin-text";
import type { NpsSummary, QuestionTally, SurveyTrendPoint } from "~/loyalty/survey-report";

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          {detail}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** NPS with its counts, CES average and the number of responses. */
export function SurveyFigures({ nps, ces, responses }: { nps: NpsSummary; ces: { answers: number; average: number | null }; responses: number }) {
  const { t, formatLocale } = useAdminText();
  const number = (n: number, digits = 0) => new Intl.NumberFormat(formatLocale, { maximumFractionDigits: digits }).format(n);
  return (
    <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
      <Figure
        label={t("surveys.report.nps")}
        value={nps.score === null ? "—" : number(nps.score)}
        detail={t("surveys.report.npsCounts", { promoters: nps.promoters, passives: nps.passives, detractors: nps.detractors })}
      />
      <Figure label={t("surveys.report.ces")} value={ces.average === null ? "—" : number(ces.average, 2)} detail={t("surveys.report.cesCount", { count: ces.answers })} />
      <Figure label={t("surveys.report.responses")} value={number(responses)} detail={t("surveys.report.responsesHelp")} />
    </InlineGrid>
  );
}

/** NPS and CES by shop-local month (Polaris Viz line chart), with a table of the same figures. */
export function SurveyTrendCard({ trend }: { trend: SurveyTrendPoint[] }) {
  const { t, formatLocale } = useAdminText();
  const series = [
    { name: t("surveys.report.nps"), data: trend.map((p) => ({ key: p.month, value: p.nps.score })) },
    { name: t("surveys.report.cesTimes10"), data: trend.map((p) => ({ key: p.month, value: p.ces.average === null ? null : Math.round(p.ces.average * 10) })) },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("surveys.report.trend")}
        </Text>
        {trend.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("surveys.report.empty")}
          </Text>
        ) : (
          <>
            <InsightChart kind="line" series={series} xLabel={(month) => monthLabel(month, formatLocale)} yLabel={(value) => String(value)} />
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("surveys.report.month"), t("surveys.report.responses"), t("surveys.report.nps"), t("surveys.report.ces")]}
              rows={trend.map((p) => [monthLabel(p.month, formatLocale), p.responses, p.nps.score ?? "—", p.ces.average ?? "—"])}
            />
          </>
        )}
      </BlockStack>
    </Card>
  );
}

export function NpsByTierCard({ byTier }: { byTier: { tierName: string | null; nps: NpsSummary }[] }) {
  const { t } = useAdminText();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("surveys.report.byTier")}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={[t("surveys.report.tier"), t("surveys.report.nps"), t("surveys.report.promoters"), t("surveys.report.passives"), t("surveys.report.detractors")]}
          rows={byTier.map((row) => [row.tierName ?? t("surveys.report.noTier"), row.nps.score ?? "—", row.nps.promoters, row.nps.passives, row.nps.detractors])}
        />
      </BlockStack>
    </Card>
  );
}

/** Answers per question of the current version. */
export function AnswersCard({ questions, version }: { questions: QuestionTally[]; version: number }) {
  const { t } = useAdminText();
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("surveys.report.answers", { version })}
        </Text>
        {questions.map((q) => (
          <BlockStack key={q.id} gap="100">
            <Text as="h3" variant="headingSm">
              {q.prompt}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {t("surveys.report.answerCount", { count: q.answers })}
              {"average" in q && q.average !== null ? ` · ${t("surveys.report.average", { value: q.average })}` : ""}
            </Text>
            <QuestionAnswers question={q} />
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function QuestionAnswers({ question }: { question: QuestionTally }) {
  const { t } = useAdminText();
  switch (question.kind) {
    case "text":
      return question.latest.map((text, i) => (
        <Text as="p" key={i}>
          “{text}”
        </Text>
      ));
    case "single":
    case "multiple":
      return (
        <DataTable
          columnContentTypes={["text", "numeric"]}
          headings={[t("surveys.report.choice"), t("surveys.report.count")]}
          rows={question.counts.map((c) => [c.choice, c.count])}
        />
      );
    default:
      return <Text as="p">{question.counts.filter((c) => c.count > 0).map((c) => `${c.value}: ${c.count}`).join(" · ") || "—"}</Text>;
  }
}
