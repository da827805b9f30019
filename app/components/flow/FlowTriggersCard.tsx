import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";
import {
  MAX_AT_RISK_DAYS,
  MAX_BIRTHDAY_DAYS,
  MAX_EXPIRING_DAYS,
  MIN_AT_RISK_DAYS,
  MIN_BIRTHDAY_DAYS,
  MIN_EXPIRING_DAYS,
  type FlowTrigger,
} from "~/loyalty/flow-events";

export interface FlowTriggerView {
  trigger: FlowTrigger;
  handle: string;
  on: boolean;
  sent: number;
  waiting: number;
  refused: number;
}

/** One switch per trigger (sent as `trigger_<id>=on`), the scheduled triggers' day counts, and what each has sent. */
export function FlowTriggersCard({
  triggers,
  expiringDays,
  atRiskDays,
  birthdayDays,
}: {
  triggers: FlowTriggerView[];
  expiringDays: number;
  atRiskDays: number;
  birthdayDays: number;
}) {
  const { t } = useAdminText();
  const navigation = useNavigation();
  const [on, setOn] = useState(() => Object.fromEntries(triggers.map((row) => [row.trigger, row.on])) as Record<FlowTrigger, boolean>);
  const [expiring, setExpiring] = useState(String(expiringDays));
  const [atRisk, setAtRisk] = useState(String(atRiskDays));
  const [birthday, setBirthday] = useState(String(birthdayDays));
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {t("flow.triggers.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("flow.triggers.intro")}
          </Text>
          {triggers.map((row) => (
            <Box key={row.trigger} paddingBlockEnd="200">
              <BlockStack gap="100">
                <input type="hidden" name={`trigger_${row.trigger}`} value={on[row.trigger] ? "on" : ""} />
                <Checkbox
                  label={t(`flow.triggers.names.${row.trigger}`)}
                  helpText={t(`flow.triggers.help.${row.trigger}`)}
                  checked={on[row.trigger]}
                  onChange={(checked) => setOn((current) => ({ ...current, [row.trigger]: checked }))}
                />
                <InlineStack gap="300">
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t("flow.triggers.handle", { handle: row.handle })}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t("flow.triggers.counts", { sent: row.sent, waiting: row.waiting })}
                  </Text>
                  {row.refused > 0 ? (
                    <Text as="span" tone="critical" variant="bodySm">
                      {t("flow.triggers.refused", { count: row.refused })}
                    </Text>
                  ) : null}
                </InlineStack>
              </BlockStack>
            </Box>
          ))}
          <InlineStack gap="400" wrap>
            <TextField
              label={t("flow.triggers.expiringDays")}
              name="expiringDays"
              type="number"
              min={MIN_EXPIRING_DAYS}
              max={MAX_EXPIRING_DAYS}
              value={expiring}
              onChange={setExpiring}
              autoComplete="off"
              helpText={t("flow.triggers.expiringDaysHelp", { min: MIN_EXPIRING_DAYS, max: MAX_EXPIRING_DAYS })}
            />
            <TextField
              label={t("flow.triggers.atRiskDays")}
              name="atRiskDays"
              type="number"
              min={MIN_AT_RISK_DAYS}
              max={MAX_AT_RISK_DAYS}
              value={atRisk}
              onChange={setAtRisk}
              autoComplete="off"
              helpText={t("flow.triggers.atRiskDaysHelp", { min: MIN_AT_RISK_DAYS, max: MAX_AT_RISK_DAYS })}
            />
            <TextField
              label={t("flow.triggers.birthdayDays")}
              name="birthdayDays"
              type="number"
              min={MIN_BIRTHDAY_DAYS}
              max={MAX_BIRTHDAY_DAYS}
              value={birthday}
              onChange={setBirthday}
              autoComplete="off"
              helpText={t("flow.triggers.birthdayDaysHelp", { min: MIN_BIRTHDAY_DAYS, max: MAX_BIRTHDAY_DAYS })}
            />
          </InlineStack>
          <InlineStack align="end">
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              {t("flow.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
