import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import prisma from "~/db.server";
import { getProgramOverview } from "~/loyalty/server/overview.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return getProgramOverview(prisma, session.shop);
};

export default function Home() {
  const overview = useLoaderData<typeof loader>();
  return (
    <Page title="Loyalty & Rewards">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Program {overview.status}
              </Text>
              <Text as="p">
                {overview.members} members · {overview.pointsOutstanding} points outstanding · {overview.entries} ledger entries
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
