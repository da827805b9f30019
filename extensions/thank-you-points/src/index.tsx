/** @jsxImportSource preact */
/** purchase.thank-you.block.render: the order's points, from the app. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import { APP_URL } from "../../customer-account-rewards/src/app-url";
import { fetchThankYouPoints, type ThankYouPoints } from "./thank-you-points";
import { ThankYouView } from "./ThankYouView";

function ThankYouBlock({ shopify }: { shopify: Api }) {
  const [points, setPoints] = useState<ThankYouPoints | null>(null);
  const orderId = shopify.orderConfirmation.value.order.id;
  useEffect(() => {
    const lines = shopify.lines.value.map((line) => ({
      id: line.id,
      productId: line.merchandise.product.id,
      title: line.merchandise.title,
      quantity: line.quantity,
      amount: line.cost.totalAmount.amount.toFixed(2),
      productType: line.merchandise.product.productType || null,
      giftCard: false,
    }));
    const currency = shopify.cost.totalAmount.value.currencyCode;
    const options = { appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) };
    fetchThankYouPoints(options, { orderId, currency, lines }).then(setPoints, () => setPoints(null));
  }, [orderId, shopify]);
  return points ? <ThankYouView points={points} text={shopify.i18n} /> : null;
}

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  render(<ThankYouBlock shopify={shopify} />, document.body);
};
