import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import prisma from "~/db.server";
import { countInbox, listFailedDeliveries, requeueDelivery } from "~/loyalty/server/inbox.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

/** Orders and customers Shopify sent that could not be turned into points: each with its reason, and a retry. */
export const meta: MetaFunction = () => [{ title: "Order events · Loyalty & Rewards" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await requireAdmin(request);
  const [failed, counts] = await Promise.all([listFailedDeliveries(prisma, session.shop), countInbox(prisma, session.shop)]);
  return { failed, pending: counts.pending };
};

const retrySchema = z.object({ seq: z.string().regex(/^\d{1,19}$/, "Not a delivery number") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, formData } = await requireAdmin(request);
  const parsed = retrySchema.safeParse(Object.fromEntries(await formData()));
  if (!parsed.success) return Response.json({ ok: false, error: "That delivery does not exist" }, { status: 400 });
  const requeued = await requeueDelivery(prisma, session.shop, BigInt(parsed.data.seq));
  if (!requeued) return Response.json({ ok: false, error: "That delivery is not waiting for a retry" }, { status: 404 });
  return Response.json({ ok: true, error: null });
};

const TOPIC_LABELS: Record<string, string> = {
  "orders/paid": "Order paid",
  "orders/cancelled": "Order cancelled",
  "refunds/create": "Refund",
  "customers/create": "New customer",
};

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export default function Deliveries() {
  const { failed, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Page title="Order events" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success" title="Queued again: it will be processed within seconds." /> : null}
            {result && !result.ok ? <Banner tone="critical" title={result.error ?? "Could not retry"} /> : null}
            <Text as="p" tone="subdued">
              Shopify tells the app about every paid, cancelled and refunded order. An event that could not be turned into
              points stays here with its reason, so you can fix the cause and retry it.{" "}
              {pending > 0 ? `${pending} event${pending === 1 ? " is" : "s are"} being processed.` : "No event is waiting."}
            </Text>
            <Card padding="0">
              {failed.length === 0 ? (
                <EmptyState heading="Every event was processed" image="">
                  <p>Events that cannot be processed will appear here with their reason.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "event", plural: "events" }}
                  itemCount={failed.length}
                  selectable={false}
                  headings={[{ title: "Event" }, { title: "Received" }, { title: "Attempts" }, { title: "Reason" }, { title: "" }]}
                >
                  {failed.map((delivery, index) => (
                    <IndexTable.Row id={delivery.seq} key={delivery.seq} position={index}>
                      <IndexTable.Cell>{TOPIC_LABELS[delivery.topic] ?? delivery.topic}</IndexTable.Cell>
                      <IndexTable.Cell>{when(delivery.receivedAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{delivery.attempts}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <div style={{ whiteSpace: "normal", maxWidth: "32rem" }}>{delivery.error}</div>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Form method="post">
                          <input type="hidden" name="seq" value={delivery.seq} />
                          <Button submit loading={navigation.formData?.get("seq") === delivery.seq}>
                            Retry
                          </Button>
                        </Form>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
