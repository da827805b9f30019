/** @jsxImportSource preact */
/**
 * customer-account.order-status.block.render: what this order did to the customer's points and, below it, the
 * merchant's survey while one is published and this customer has not answered it (docs/decisions/035-surveys.md).
 * Each part loads on its own: when one cannot, the block shows the other.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { APP_URL } from "../../customer-account-rewards/src/app-url";
import { OrderPointsView } from "./BlockViews";
import { fetchOrderPoints, type OrderPointsAnswer } from "./order-points-client";
import { fetchShopperSurvey, sendSurveyAnswers, SurveyRequestError } from "./survey-client";
import { buildSurveyBody, surveyErrors, type ShopperSurvey, type SurveyDraft, type SurveyErrors, type SurveyThanks } from "./survey-form";
import { SurveySection } from "./SurveySection";

function OrderStatusBlock({ shopify }: { shopify: Api }) {
  const [points, setPoints] = useState<OrderPointsAnswer | null>(null);
  const [survey, setSurvey] = useState<ShopperSurvey | null>(null);
  const [draft, setDraft] = useState<SurveyDraft>({});
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<SurveyErrors | null>(null);
  const [thanks, setThanks] = useState<SurveyThanks | null>(null);
  const orderId = shopify.order.value?.id;
  const options = useMemo(() => ({ appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) }), [shopify]);

  useEffect(() => {
    if (!orderId) return;
    fetchOrderPoints(options, orderId).then(setPoints, () => setPoints(null));
  }, [orderId, options]);

  useEffect(() => {
    fetchShopperSurvey(options).then(
      (answer) => setSurvey(answer.survey && !answer.answered ? answer.survey : null),
      () => setSurvey(null),
    );
  }, [options]);

  const submit = () => {
    if (!survey) return;
    const body = buildSurveyBody(survey, draft);
    setSending(true);
    setErrors(null);
    sendSurveyAnswers(options, body)
      .then(setThanks)
      .catch((error: unknown) => {
        const refusal = error instanceof SurveyRequestError ? error.refusal : { status: 0, code: null, fieldErrors: {} };
        setErrors(surveyErrors(survey.questions, body, refusal, shopify.i18n));
      })
      .finally(() => setSending(false));
  };

  if (!points && !survey) return null;
  return (
    <s-stack direction="block" gap="base">
      {points && <OrderPointsView points={points} text={shopify.i18n} />}
      {survey && (
        <SurveySection survey={survey} text={shopify.i18n} draft={draft} onDraft={setDraft} onSubmit={submit} sending={sending} errors={errors} thanks={thanks} />
      )}
    </s-stack>
  );
}

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  render(<OrderStatusBlock shopify={shopify} />, document.body);
};
