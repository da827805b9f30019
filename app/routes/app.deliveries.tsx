import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import prisma from "~/db.server";
import { useAdminText } from "~/i18n/admin-text";
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
  // The error is a key of the admin's locale files (deliveries.*), worded in the merchant's language by the page.
  if (!parsed.success) return json({ ok: false, error: "notFound" as const }, { status: 400 });
  const requeued = await requeueDelivery(prisma, session.shop, BigInt(parsed.data.seq));
  if (!requeued) return json({ ok: false, error: "notWaiting" as const }, { status: 404 });
  return json({ ok: true, error: null });
};

const TOPICS = new Set(["orders/paid", "orders/cancelled", "refunds/create", "customers/create", "customers/update"]);

function when(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export default function Deliveries() {
  const { failed, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, formatLocale } = useAdminText();
  return (
    <Page title={t("deliveries.title")} backAction={{ content: t("deliveries.back"), url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success" title={t("deliveries.requeued")} /> : null}
            {result && !result.ok ? <Banner tone="critical" title={result.error ? t(`deliveries.${result.error}`) : t("deliveries.retryFailed")} /> : null}
            <Text as="p" tone="subdued">
              {t("deliveries.intro")} {pending > 0 ? t("deliveries.pending", { count: pending }) : t("deliveries.nonePending")}
            </Text>
            <Card padding="0">
              {failed.length === 0 ? (
                <EmptyState heading={t("deliveries.emptyHeading")} image="">
                  <p>{t("deliveries.emptyBody")}</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: t("deliveries.resource.singular"), plural: t("deliveries.resource.plural") }}
                  itemCount={failed.length}
                  selectable={false}
                  headings={[{ title: t("deliveries.headings.event") }, { title: t("deliveries.headings.received") }, { title: t("deliveries.headings.attempts") }, { title: t("deliveries.headings.reason") }, { title: "" }]}
                >
                  {failed.map((delivery, index) => (
                    <IndexTable.Row id={delivery.seq} key={delivery.seq} position={index}>
                      <IndexTable.Cell>{TOPICS.has(delivery.topic) ? t(`deliveries.topics.${delivery.topic}`) : delivery.topic}</IndexTable.Cell>
                      <IndexTable.Cell>{when(delivery.receivedAt, formatLocale)}</IndexTable.Cell>
                      <IndexTable.Cell>{delivery.attempts}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <div style={{ whiteSpace: "normal", maxWidth: "32rem" }}>{delivery.error}</div>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Form method="post">
                          <input type="hidden" name="seq" value={delivery.seq} />
                          <Button submit loading={navigation.formData?.get("seq") === delivery.seq}>
                            {t("deliveries.retry")}
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
