import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, List, ProgressBar, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { formatMilli, formatMultiplier, formatRate } from "~/loyalty/money";
import type { LaunchSetup, ReviewStep, SetupStepId } from "~/loyalty/server/launch.server";

const numbers = new Intl.NumberFormat("en-US");

export interface SetupGuideProps {
  setup: LaunchSetup;
  /** The storefront step as App Bridge reports it (block or embed active), besides a storefront request seen. */
  storefrontActive: boolean;
  submitting: ReviewStep | null;
  onConfirm: (step: ReviewStep) => void;
  onLaunch: () => void;
  storefrontCard: ReactNode;
}

function Step({ id, number, title, done, children }: { id: SetupStepId; number: number; title: string; done: boolean; children: ReactNode }) {
  return (
    <div data-setup-step={id} data-done={done ? "true" : "false"}>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {number}. {title}
          </Text>
          {done ? <Badge tone="success">Done</Badge> : <Badge>To do</Badge>}
        </InlineStack>
        <Box paddingInlineStart="400">{children}</Box>
      </BlockStack>
    </div>
  );
}

/** The guided launch: each step shows what is set and asks the merchant to confirm it; Launch comes last. */
export function SetupGuide({ setup, storefrontActive, submitting, onConfirm, onLaunch, storefrontCard }: SetupGuideProps) {
  const done = (id: SetupStepId) => setup.steps.find((step) => step.id === id)?.done ?? false;
  const storefrontDone = done("storefront") || storefrontActive;
  const count = setup.steps.filter((step) => (step.id === "storefront" ? storefrontDone : step.done)).length;
  const reviewed = (["earning", "rewards", "tiers"] as const).every(done);
  const confirm = (step: ReviewStep, label: string) =>
    done(step) ? (
      <Text as="p" tone="subdued">
        Confirmed. Change it any time on the <RemixLink to="/app/program">Program</RemixLink> page.
      </Text>
    ) : (
      <InlineStack gap="200">
        <Button onClick={() => onConfirm(step)} loading={submitting === step} disabled={step === "rewards" && setup.rewards.length === 0}>
          {label}
        </Button>
        <Button url="/app/program" variant="plain">
          Change on the Program page
        </Button>
      </InlineStack>
    );
  const { earning } = setup;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Set up and launch your program
            </Text>
            <Text as="span" tone="subdued">
              {count} of {setup.steps.length} steps done
            </Text>
          </InlineStack>
          <ProgressBar progress={Math.round((count / setup.steps.length) * 100)} size="small" tone="primary" />
          <Text as="p" tone="subdued">
            Your program is a draft: shoppers earn and redeem nothing until you launch it.
          </Text>
        </BlockStack>
        <Step id="earning" number={1} title="Review how points are earned" done={done("earning")}>
          <BlockStack gap="200">
            <List>
              <List.Item>
                {formatRate(earning.baseRateMilli, setup.currency)} on every order
                {earning.includeShipping || earning.includeTax ? ` (including ${[earning.includeShipping && "shipping", earning.includeTax && "tax"].filter(Boolean).join(" and ")})` : ", excluding shipping and tax"}
              </List.Item>
              {earning.productTypeRates + earning.collectionRates > 0 ? (
                <List.Item>
                  Special rates for {earning.productTypeRates} product type{earning.productTypeRates === 1 ? "" : "s"} and {earning.collectionRates} collection
                  {earning.collectionRates === 1 ? "" : "s"}
                </List.Item>
              ) : null}
              <List.Item>{earning.signupBonusPoints > 0 ? `${numbers.format(earning.signupBonusPoints)} points for signing up` : "No signup bonus"}</List.Item>
            </List>
            {confirm("earning", "Earning looks right")}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="rewards" number={2} title="Review rewards" done={done("rewards")}>
          <BlockStack gap="200">
            {setup.rewards.length === 0 ? (
              <Text as="p" tone="critical">
                No active rewards: add one on the Program page first.
              </Text>
            ) : (
              <List>
                {setup.rewards.map((reward) => (
                  <List.Item key={reward.id}>
                    {reward.name}: {reward.description} for {numbers.format(reward.pointsCost)} points
                  </List.Item>
                ))}
              </List>
            )}
            {confirm("rewards", "Rewards look right")}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="tiers" number={3} title="Review tiers" done={done("tiers")}>
          <BlockStack gap="200">
            {setup.tiers.length === 0 ? (
              <Text as="p">No tiers: every member earns at the base rate.</Text>
            ) : (
              <List>
                {setup.tiers.map((tier) => (
                  <List.Item key={tier.name}>
                    {tier.name}: from {numbers.format(tier.threshold)} {setup.tierBasis === "spend" ? `${setup.currency} spent` : "lifetime points"}, earns{" "}
                    {formatMultiplier(tier.multiplierMilli)}
                    {tier.multiplierMilli === 1000 ? "" : ` (${formatMilli(tier.multiplierMilli)} times the base rate)`}
                  </List.Item>
                ))}
              </List>
            )}
            {confirm("tiers", "Tiers look right")}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="storefront" number={4} title="Add the Rewards block and launcher to your theme" done={storefrontDone}>
          {storefrontCard}
        </Step>
        <Divider />
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="p" tone="subdued">
            {reviewed
              ? storefrontDone
                ? "Everything is ready."
                : "You can launch now and add the storefront block later, but shoppers will not see their points until you do."
              : "Confirm earning, rewards and tiers to launch."}
          </Text>
          <Button variant="primary" onClick={onLaunch} disabled={!reviewed}>
            Launch program
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
