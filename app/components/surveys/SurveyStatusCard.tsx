import { Form, Link, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Checkbox, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { useAdminText } from "~/i18n/admin-text";

/** Whether shoppers see the survey (publish / pause), the link to the report, and the interest-tag switch. */
export function SurveyStatusCard({ status, version, responses, interestTags }: { status: "draft" | "live" | "paused" | null; version: number | null; responses: number; interestTags: boolean }) {
  const { t } = useAdminText();
  const navigation = useNavigation();
  const [tags, setTags] = useState(interestTags);
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("surveys.status.heading")}
            </Text>
            {status ? <Badge tone={status === "live" ? "success" : status === "paused" ? "warning" : undefined}>{t(`surveys.status.${status}`)}</Badge> : null}
          </InlineStack>
          <Text as="p" tone="subdued">
            {status === null ? t("surveys.status.none") : t("surveys.status.summary", { version: version ?? 1, count: responses })}
          </Text>
          {status !== null ? (
            <Form method="post">
              <input type="hidden" name="intent" value={status === "live" ? "pause" : "publish"} />
              <Button submit variant={status === "live" ? "secondary" : "primary"} loading={busy("publish") || busy("pause")}>
                {status === "live" ? t("surveys.status.pause") : t("surveys.status.publish")}
              </Button>
            </Form>
          ) : null}
          <Link to="/app/surveys/report">{t("surveys.status.report")}</Link>
        </BlockStack>
      </Card>
      <Card>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <input type="hidden" name="interestTags" value={tags ? "on" : ""} />
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("surveys.interests.heading")}
            </Text>
            <Checkbox label={t("surveys.interests.tags")} helpText={t("surveys.interests.tagsHelp")} checked={tags} onChange={setTags} />
            <InlineStack align="end">
              <Button submit loading={busy("settings")}>
                {t("surveys.interests.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      </Card>
    </BlockStack>
  );
}
