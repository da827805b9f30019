/** @jsxImportSource preact */
/**
 * customer-account.order-status.block.render: what this order did to the customer's points, and the merchant's
 * survey when one is live and the customer has not answered it yet (issue 11). The two load on their own: either
 * failing leaves the other shown.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import { APP_URL } from "../../customer-account-rewards/src/app-url";
import { OrderPointsView } from "./BlockViews";
import { fetchOrderPoints, type OrderPointsAnswer } from "./order-points-client";
import { answersFromDraft, refusalKey, type ShopperSurvey, type SurveyDraft } from "./survey";
import { fetchSurvey, submitSurvey, SurveyRequestError } from "./survey-client";
import { SurveySection } from "./SurveySection";

function OrderStatusBlock({ shopify }: { shopify: Api }) {
  const [points, setPoints] = useState<OrderPointsAnswer | null>(null);
  const [survey, setSurvey] = useState<ShopperSurvey | null>(null);
  const [draft, setDraft] = useState<SurveyDraft>({});
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<{ points: number } | null>(null);
  const [refusal, setRefusal] = useState<{ key: string; fields: string[] } | null>(null);
  const orderId = shopify.order.value?.id;
  const options = useMemo(() => ({ appUrl: APP_URL, getToken: () => shopify.sessionToken.get(), fetch: globalThis.fetch.bind(globalThis) }), [shopify]);
  useEffect(() => {
    if (!orderId) return;
    fetchOrderPoints(options, orderId).then(setPoints, () => setPoints(null));
  }, [orderId, options]);
  useEffect(() => {
    fetchSurvey(options).then(setSurvey, () => setSurvey(null));
  }, [options]);

  const live = survey && !survey.answered ? survey.survey : null;
  const send = () => {
    if (!live) return;
    setSending(true);
    setRefusal(null);
    submitSurvey(options, { surveyId: live.id, version: live.version, answers: answersFromDraft(live.questions, draft) })
      .then((answer) => setDone({ points: answer.points }))
      .catch((error: unknown) => {
        const fields = error instanceof SurveyRequestError ? Object.keys(error.fieldErrors) : [];
        setRefusal({ key: refusalKey(error instanceof SurveyRequestError ? error.code : null, fields.length > 0), fields });
      })
      .finally(() => setSending(false));
  };

  if (!points && !live) return null;
  return (
    <s-stack direction="block" gap="base">
      {points && <OrderPointsView points={points} text={shopify.i18n} />}
      {live && <SurveySection survey={live} text={shopify.i18n} draft={draft} onDraft={setDraft} onSubmit={send} sending={sending} done={done} refusal={refusal} />}
    </s-stack>
  );
}

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  render(<OrderStatusBlock shopify={shopify} />, document.body);
};
