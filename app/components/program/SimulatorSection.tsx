import { BlockStack, Button, Card, InlineStack, Layout, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import type { SimulationTotals } from "~/loyalty/simulator";
import type { FieldError } from "./program-draft";
import { SimulationResult } from "./SimulationResult";

/** Replays recent orders under the draft's rules (saved or not) and shows the difference. */
export function SimulatorSection({ simulate, busy, error, simulation, currency }: {
  simulate: (days: string) => void;
  busy: boolean;
  error: FieldError;
  simulation: (SimulationTotals & { days: number }) | undefined;
  currency: string;
}) {
  const { t } = useAdminText();
  const [days, setDays] = useState("30");
  return (
    <Layout.AnnotatedSection title={t("program.simulator.title")} description={t("program.simulator.description")}>
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="end">
            <TextField label={t("program.simulator.days")} value={days} onChange={setDays} error={error("days")} autoComplete="off" />
            <Button loading={busy} onClick={() => simulate(days)}>
              {t("program.simulator.run")}
            </Button>
          </InlineStack>
          {simulation ? <SimulationResult simulation={simulation} currency={currency} /> : null}
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
