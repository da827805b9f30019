import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { EnrolmentSummary } from "~/loyalty/server/enrolment.server";

/**
 * Enrolling the shop's existing customers: the button, then the run's progress (bar, counts, ETA) while its job
 * reads Shopify's bulk result; the page polls while it runs.
 */
export function EnrolCustomersCard({ enrolment }: { enrolment: EnrolmentSummary | null }) {
  const { t, formatLocale } = useAdminText();
  const start = useFetcher();
  const revalidator = useRevalidator();
  const active = enrolment !== null && ["queued", "running", "downloading"].includes(enrolment.status);
  const numbers = new Intl.NumberFormat(formatLocale);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [active, revalidator]);

  const percent = enrolment?.status === "done" ? 100 : (enrolment?.progress.percent ?? 0);
  const eta = enrolment?.progress.etaSeconds ?? null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("import.enrol.title")}
        </Text>
        <Text as="p">{t("import.enrol.intro")}</Text>
        {enrolment?.status === "failed" ? (
          <Banner tone="critical" title={t("import.enrol.failed")}>
            <p>{enrolment.error}</p>
          </Banner>
        ) : null}
        {enrolment ? (
          <BlockStack gap="200">
            <Text as="p" fontWeight="semibold">
              {t(`import.enrol.status.${enrolment.status}`)}
            </Text>
            <ProgressBar progress={percent} tone={enrolment.status === "done" ? "success" : "highlight"} animated={false} />
            <Text as="p">
              {t("import.enrol.counts", {
                read: numbers.format(enrolment.linesDone),
                total: enrolment.total === null ? "…" : numbers.format(enrolment.total),
                created: numbers.format(enrolment.membersCreated),
                existing: numbers.format(enrolment.membersExisting),
              })}
            </Text>
            {active && eta !== null ? <Text as="p" tone="subdued">{t("import.enrol.eta", { minutes: numbers.format(Math.max(1, Math.ceil(eta / 60))) })}</Text> : null}
          </BlockStack>
        ) : null}
        <InlineStack>
          <start.Form method="post">
            <input type="hidden" name="intent" value="enrol" />
            <Button submit loading={start.state !== "idle"} disabled={active}>
              {enrolment ? t("import.enrol.again") : t("import.enrol.start")}
            </Button>
          </start.Form>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
