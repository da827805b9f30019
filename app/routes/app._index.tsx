import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { ReconnectBanner } from "~/components/home/ReconnectBanner";
import { PointsChart } from "~/components/reports/PointsChart";
import prisma from "~/db.server";
import { formatMoney, formatPoints } from "~/loyalty/money";
import { formatBasisPoints } from "~/loyalty/reports/rates";
import { countInbox } from "~/loyalty/server/inbox.server";
import { getHomeMetrics } from "~/loyalty/server/reports.server";
import { getSetupChecklist, type ChecklistItem } from "~/loyalty/server/setup-checklist.server";
import { requireAdmin } from "~/shopify/admin-auth.server";
import { getReauthRequired } from "~/shopify/shop-auth-state.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const now = new Date();
  const [metrics, checklist, inbox, reauth] = await Promise.all([
    getHomeMetrics(prisma, session.shop, now),
    getSetupChecklist(prisma, session.shop),
    countInbox(prisma, session.shop),
    getReauthRequired(prisma, session.shop),
  ]);
  return {
    metrics,
    checklist,
    failedEvents: inbox.failed,
    reauth: reauth ? { since: reauth.since.toISOString(), reason: reauth.reason } : null,
  };
};

const CHECKLIST_TEXT: Record<ChecklistItem["id"], { title: string; how: string; to?: string }> = {
  rewards: { title: "Set up rewards", how: "Choose what shoppers can redeem points for.", to: "/app/program" },
  storefront: {
    title: "Add the Rewards block to your theme",
    how: "In your theme editor, add the Rewards app block to a page or turn on the Rewards launcher embed. This ticks itself once a shopper's storefront asks for their points.",
  },
  launch: { title: "Launch the program", how: "Shoppers earn and redeem only while the program is live.", to: "/app/program" },
};

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { metrics, checklist, failedEvents, reauth } = useLoaderData<typeof loader>();
  const setupDone = checklist.every((item) => item.done);
  const rate = formatBasisPoints(metrics.redemptionRate30dBasisPoints);
  return (
    <Page title="Loyalty & Rewards">
      <Layout>
        {reauth ? (
          <Layout.Section>
            <ReconnectBanner since={reauth.since} reason={reauth.reason} />
          </Layout.Section>
        ) : null}
        {failedEvents > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={`${failedEvents} order event${failedEvents === 1 ? "" : "s"} could not be processed`} action={{ content: "See why", url: "/app/deliveries" }}>
              <p>Points were not awarded or clawed back for them. Each one has its reason and a Retry button.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {setupDone ? null : (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Setup checklist
                </Text>
                {checklist.map((item) => (
                  <BlockStack key={item.id} gap="050">
                    <Text as="p" fontWeight="semibold">
                      {item.done ? <Badge tone="success">Done</Badge> : <Badge>To do</Badge>}{" "}
                      {CHECKLIST_TEXT[item.id].to && !item.done ? <Link to={CHECKLIST_TEXT[item.id].to ?? "/app"}>{CHECKLIST_TEXT[item.id].title}</Link> : CHECKLIST_TEXT[item.id].title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {CHECKLIST_TEXT[item.id].how}
                    </Text>
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Metric label="Members" value={metrics.members.toLocaleString("en-US")} />
            <Metric label="Points issued (30 days)" value={formatPoints(metrics.issued30d)} />
            <Metric label="Points redeemed (30 days)" value={formatPoints(metrics.redeemed30d)} />
            <Metric label="Redemption rate (30 days)" value={rate} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Outstanding liability: {formatMoney(metrics.outstandingMinor, metrics.currency)}
              </Text>
              <Text as="p" tone="subdued">
                {formatPoints(metrics.outstandingPoints)} not yet redeemed. {metrics.pointValueSentence}
              </Text>
              <PointsChart days={metrics.days.map((day) => ({ ...day, expired: 0 }))} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
