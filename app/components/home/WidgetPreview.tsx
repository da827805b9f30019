import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { LaunchSetup } from "~/loyalty/server/launch.server";
import { describeRewardTerms } from "../rewards/reward-description";
import { useHomeText } from "./format";

/** The shopper the preview shows: halfway between the first two tiers, so progress and affordability both show. */
function sampleShopper(setup: LaunchSetup) {
  const tiers = [...setup.tiers].sort((a, b) => a.threshold - b.threshold);
  const next = tiers.find((tier) => tier.threshold > 0) ?? null;
  const cheapest = setup.rewards.reduce((low, reward) => Math.min(low, reward.pointsCost), Number.POSITIVE_INFINITY);
  const balance = next ? Math.max(Math.round(next.threshold * 0.6), Number.isFinite(cheapest) ? cheapest : 0) : Number.isFinite(cheapest) ? cheapest : 250;
  const current = [...tiers].reverse().find((tier) => tier.threshold <= balance) ?? null;
  const upcoming = tiers.find((tier) => tier.threshold > balance) ?? null;
  return { balance, current, upcoming };
}

/**
 * What a signed-in shopper sees in the storefront's Rewards block, from the same program, tiers and active
 * rewards the app proxy answers with (a sample shopper's balance). Not live data: the figures are an example.
 */
export function WidgetPreview({ setup }: { setup: LaunchSetup }) {
  const { t, f, rate , formatLocale } = useHomeText();
  const { balance, current, upcoming } = sampleShopper(setup);
  const running = setup.status === "live";
  const percent = upcoming ? Math.min(100, Math.round(((balance - (current?.threshold ?? 0)) / (upcoming.threshold - (current?.threshold ?? 0))) * 100)) : 100;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("home.preview.title")}
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {t("home.preview.sample", { count: balance, points: f.points(balance) })}
          </Text>
        </InlineStack>
        <div data-widget-preview>
          <Box borderColor="border" borderWidth="025" borderRadius="300" padding="400">
            <BlockStack gap="300">
              <Text as="h3" variant="headingMd">
                {t("home.preview.rewards")}
              </Text>
              {running ? null : (
                <Banner tone="info">
                  {setup.status === "paused"
                    ? t("home.preview.paused")
                    : t("home.preview.notOpen")}
                </Banner>
              )}
              <InlineStack gap="800">
                <BlockStack gap="050">
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t("home.preview.points")}
                  </Text>
                  <Text as="span" variant="headingLg">
                    {f.points(balance)}
                  </Text>
                </BlockStack>
                <BlockStack gap="050">
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t("home.preview.tier")}
                  </Text>
                  <Text as="span" variant="headingLg">
                    {current?.name ?? t("home.preview.noTier")}
                  </Text>
                </BlockStack>
              </InlineStack>
              {upcoming ? (
                <BlockStack gap="100">
                  <ProgressBar progress={percent} size="small" />
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t(setup.tierBasis === "spend" ? "home.preview.moreSpent" : "home.preview.morePoints", {
                      count: upcoming.threshold - balance,
                      amount: f.points(upcoming.threshold - balance),
                      tier: upcoming.name,
                    })}
                  </Text>
                </BlockStack>
              ) : null}
              <Text as="p" variant="bodySm">
                {t("home.preview.earn", { rate: rate(setup.earning.baseRateMilli, setup.currency) })}
              </Text>
              <Divider />
              {setup.rewards.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("home.preview.noRewards")}
                </Text>
              ) : (
                setup.rewards.map((reward) => (
                  <InlineStack key={reward.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {reward.name}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {t("home.preview.cost", { description: describeRewardTerms(reward, t, formatLocale, setup.currency), count: reward.pointsCost, points: f.points(reward.pointsCost) })}
                      </Text>
                    </BlockStack>
                    <Button size="slim" disabled={!running || balance < reward.pointsCost}>
                      {t("home.preview.redeem")}
                    </Button>
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Box>
        </div>
        {setup.status === "live" ? null : (
          <InlineStack gap="100">
            <Badge tone="attention">{setup.status === "draft" ? t("home.status.draft") : t("home.status.paused")}</Badge>
            <Text as="span" tone="subdued" variant="bodySm">
              {t("home.preview.instead")}
            </Text>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
