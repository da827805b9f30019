/** @jsxImportSource preact */
/** customer-account.order-status.block.render: what this order did to the customer's points. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { APP_URL } from "../../customer-account-rewards/src/app-url";
import { OrderPointsView } from "./BlockViews";
import { fetchOrderPoints, type OrderPointsAnswer } from "./order-points-client";

function OrderStatusBlock({ shopify }: { shopify: Api }) {
  const [points, setPoints] = useState<OrderPointsAnswer | null>(null);
  const orderId = shopify.order.value?.id;
  useEffect(() => {
    if (!orderId) return;
    const options = { appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) };
    fetchOrderPoints(options, orderId).then(setPoints, () => setPoints(null));
  }, [orderId, shopify]);
  return points ? <OrderPointsView points={points} text={shopify.i18n} /> : null;
}

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  render(<OrderStatusBlock shopify={shopify} />, document.body);
};
