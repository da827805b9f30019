import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { formatRate } from "~/loyalty/money";
import type { LaunchSetup } from "~/loyalty/server/launch.server";

const numbers = new Intl.NumberFormat("en-US");

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
  const { balance, current, upcoming } = sampleShopper(setup);
  const running = setup.status === "live";
  const percent = upcoming ? Math.min(100, Math.round(((balance - (current?.threshold ?? 0)) / (upcoming.threshold - (current?.threshold ?? 0))) * 100)) : 100;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Storefront preview
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            A sample shopper with {numbers.format(balance)} points
          </Text>
        </InlineStack>
        <div data-widget-preview>
          <Box borderColor="border" borderWidth="025" borderRadius="300" padding="400">
            <BlockStack gap="300">
              <Text as="h3" variant="headingMd">
                Rewards
              </Text>
              {running ? null : (
                <Banner tone="info">
                  {setup.status === "paused"
                    ? "Our rewards program is paused. Your points are safe; earning and redeeming will be back soon."
                    : "Our rewards program is not open yet."}
                </Banner>
              )}
              <InlineStack gap="800">
                <BlockStack gap="050">
                  <Text as="span" tone="subdued" variant="bodySm">
                    Points
                  </Text>
                  <Text as="span" variant="headingLg">
                    {numbers.format(balance)}
                  </Text>
                </BlockStack>
                <BlockStack gap="050">
                  <Text as="span" tone="subdued" variant="bodySm">
                    Tier
                  </Text>
                  <Text as="span" variant="headingLg">
                    {current?.name ?? "No tier yet"}
                  </Text>
                </BlockStack>
              </InlineStack>
              {upcoming ? (
                <BlockStack gap="100">
                  <ProgressBar progress={percent} size="small" />
                  <Text as="p" variant="bodySm" tone="subdued">
                    {numbers.format(upcoming.threshold - balance)} more {setup.tierBasis === "spend" ? "spent" : "points"} to reach {upcoming.name}
                  </Text>
                </BlockStack>
              ) : null}
              <Text as="p" variant="bodySm">
                Earn {formatRate(setup.earning.baseRateMilli, setup.currency)} on every order.
              </Text>
              <Divider />
              {setup.rewards.length === 0 ? (
                <Text as="p" tone="subdued">
                  No rewards are available yet.
                </Text>
              ) : (
                setup.rewards.map((reward) => (
                  <InlineStack key={reward.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {reward.name}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {reward.description} · {numbers.format(reward.pointsCost)} points
                      </Text>
                    </BlockStack>
                    <Button size="slim" disabled={!running || balance < reward.pointsCost}>
                      Redeem
                    </Button>
                  </InlineStack>
                ))
              )}
            </BlockStack>
          </Box>
        </div>
        {setup.status === "live" ? null : (
          <InlineStack gap="100">
            <Badge tone="attention">{setup.status === "draft" ? "Draft" : "Paused"}</Badge>
            <Text as="span" tone="subdued" variant="bodySm">
              Shoppers see this message instead of earning and redeeming.
            </Text>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
