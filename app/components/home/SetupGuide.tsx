import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, List, ProgressBar, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { LaunchSetup, ReviewStep, SetupStepId } from "~/loyalty/server/launch.server";
import { describeRewardTerms } from "../rewards/reward-description";
import { useHomeText } from "./format";

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
  const { t } = useHomeText();
  return (
    <div data-setup-step={id} data-done={done ? "true" : "false"}>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {t("home.setup.stepTitle", { number, title })}
          </Text>
          {done ? <Badge tone="success">{t("home.setup.done")}</Badge> : <Badge>{t("home.setup.toDo")}</Badge>}
        </InlineStack>
        <Box paddingInlineStart="400">{children}</Box>
      </BlockStack>
    </div>
  );
}

/** The guided launch: each step shows what is set and asks the merchant to confirm it; Launch comes last. */
export function SetupGuide({ setup, storefrontActive, submitting, onConfirm, onLaunch, storefrontCard }: SetupGuideProps) {
  const { t, f, milli, rate, multiplier , formatLocale } = useHomeText();
  const done = (id: SetupStepId) => setup.steps.find((step) => step.id === id)?.done ?? false;
  const storefrontDone = done("storefront") || storefrontActive;
  const count = setup.steps.filter((step) => (step.id === "storefront" ? storefrontDone : step.done)).length;
  const reviewed = (["earning", "rewards", "tiers"] as const).every(done);
  const confirm = (step: ReviewStep, label: string) =>
    done(step) ? (
      <Text as="p" tone="subdued">
        {t("home.setup.confirmedBefore")}
        <RemixLink to="/app/program">{t("home.setup.programPage")}</RemixLink>
        {t("home.setup.confirmedAfter")}
      </Text>
    ) : (
      <InlineStack gap="200">
        <Button onClick={() => onConfirm(step)} loading={submitting === step} disabled={step === "rewards" && setup.rewards.length === 0}>
          {label}
        </Button>
        <Button url="/app/program" variant="plain">
          {t("home.setup.changeOnProgram")}
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
              {t("home.setup.title")}
            </Text>
            <Text as="span" tone="subdued">
              {t("home.setup.progress", { count, total: setup.steps.length })}
            </Text>
          </InlineStack>
          <ProgressBar progress={Math.round((count / setup.steps.length) * 100)} size="small" tone="primary" />
          <Text as="p" tone="subdued">
            {t("home.setup.draft")}
          </Text>
        </BlockStack>
        <Step id="earning" number={1} title={t("home.setup.earning.title")} done={done("earning")}>
          <BlockStack gap="200">
            <List>
              <List.Item>
                {t(
                  earning.includeShipping && earning.includeTax
                    ? "home.setup.earning.baseWithShippingAndTax"
                    : earning.includeShipping
                      ? "home.setup.earning.baseWithShipping"
                      : earning.includeTax
                        ? "home.setup.earning.baseWithTax"
                        : "home.setup.earning.base",
                  { rate: rate(earning.baseRateMilli, setup.currency) },
                )}
              </List.Item>
              {earning.productTypeRates + earning.collectionRates > 0 ? (
                <List.Item>
                  {t("home.setup.earning.specialRates", {
                    productTypes: t("home.setup.earning.productTypes", { count: earning.productTypeRates }),
                    collections: t("home.setup.earning.collections", { count: earning.collectionRates }),
                  })}
                </List.Item>
              ) : null}
              <List.Item>
                {earning.signupBonusPoints > 0
                  ? t("home.setup.earning.signupBonus", { count: earning.signupBonusPoints, points: f.points(earning.signupBonusPoints) })
                  : t("home.setup.earning.noSignupBonus")}
              </List.Item>
            </List>
            {confirm("earning", t("home.setup.earning.confirm"))}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="rewards" number={2} title={t("home.setup.rewards.title")} done={done("rewards")}>
          <BlockStack gap="200">
            {setup.rewards.length === 0 ? (
              <Text as="p" tone="critical">
                {t("home.setup.rewards.none")}
              </Text>
            ) : (
              <List>
                {setup.rewards.map((reward) => (
                  <List.Item key={reward.id}>
                    {t("home.setup.rewards.item", { name: reward.name, description: describeRewardTerms(reward, t, formatLocale, setup.currency), count: reward.pointsCost, points: f.points(reward.pointsCost) })}
                  </List.Item>
                ))}
              </List>
            )}
            {confirm("rewards", t("home.setup.rewards.confirm"))}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="tiers" number={3} title={t("home.setup.tiers.title")} done={done("tiers")}>
          <BlockStack gap="200">
            {setup.tiers.length === 0 ? (
              <Text as="p">{t("home.setup.tiers.none")}</Text>
            ) : (
              <List>
                {setup.tiers.map((tier) => (
                  <List.Item key={tier.name}>
                    {t(tier.multiplierMilli === 1000 ? "home.setup.tiers.item" : "home.setup.tiers.itemBoosted", {
                      name: tier.name,
                      threshold:
                        setup.tierBasis === "spend"
                          ? t("home.setup.tiers.spent", { amount: f.points(tier.threshold), currency: setup.currency })
                          : t("home.setup.tiers.lifetimePoints", { count: tier.threshold, points: f.points(tier.threshold) }),
                      multiplier: multiplier(tier.multiplierMilli),
                      times: milli(tier.multiplierMilli),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
            {confirm("tiers", t("home.setup.tiers.confirm"))}
          </BlockStack>
        </Step>
        <Divider />
        <Step id="storefront" number={4} title={t("home.setup.storefront.title")} done={storefrontDone}>
          {storefrontCard}
        </Step>
        <Divider />
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="p" tone="subdued">
            {reviewed
              ? storefrontDone
                ? t("home.setup.ready")
                : t("home.setup.readyWithoutStorefront")
              : t("home.setup.confirmToLaunch")}
          </Text>
          <Button variant="primary" onClick={onLaunch} disabled={!reviewed}>
            {t("home.launch.action")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
