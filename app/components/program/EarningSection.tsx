import { useAppBridge } from "@shopify/app-bridge-react";
import { Button, Card, Checkbox, FormLayout, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { FieldError, ProgramDraft, UpdateDraft } from "./program-draft";

/** Base rate, what earns, the signup bonus, the cap per order, and rates per product type and collection. */
export function EarningSection({ draft, update, error, currency }: { draft: ProgramDraft; update: UpdateDraft; error: FieldError; currency: string }) {
  const { t } = useAdminText();
  const shopify = useAppBridge();
  const rateLabel = t("program.earning.rate", { currency });

  const pickCollections = async () => {
    const picked = await shopify.resourcePicker({ type: "collection", multiple: true, action: "select" });
    if (!picked) return;
    const known = new Set(draft.collectionRates.map((rate) => rate.collectionGid));
    const added = picked
      .filter((item) => !known.has(item.id))
      .map((item) => ({ collectionGid: item.id, title: String(item.title ?? item.id), rate: draft.baseRate }));
    update({ collectionRates: [...draft.collectionRates, ...added] });
  };

  return (
    <Layout.AnnotatedSection title={t("program.earning.title")} description={t("program.earning.description", { currency })}>
      <Card>
        <FormLayout>
          <TextField label={rateLabel} value={draft.baseRate} onChange={(baseRate) => update({ baseRate })} error={error("baseRateMilli")} autoComplete="off" />
          <Checkbox label={t("program.earning.includeShipping")} checked={draft.includeShipping} onChange={(includeShipping) => update({ includeShipping })} />
          <Checkbox label={t("program.earning.includeTax")} checked={draft.includeTax} onChange={(includeTax) => update({ includeTax })} />
          <TextField
            label={t("program.earning.signupBonus")}
            value={draft.signupBonus}
            onChange={(signupBonus) => update({ signupBonus })}
            error={error("signupBonusPoints")}
            autoComplete="off"
          />
          <TextField
            label={t("program.earning.maxPerOrder")}
            value={draft.maxPointsPerOrder}
            onChange={(maxPointsPerOrder) => update({ maxPointsPerOrder })}
            error={error("maxPointsPerOrder")}
            helpText={t("program.earning.maxPerOrderHelp")}
            autoComplete="off"
          />
          <Text as="h3" variant="headingSm">
            {t("program.earning.productTypeRates")}
          </Text>
          {draft.productTypeRates.map((rate, index) => (
            <InlineStack key={index} gap="200" blockAlign="end">
              <TextField
                label={t("program.earning.productType")}
                value={rate.productType}
                error={error(`productTypeRates.${index}.productType`)}
                autoComplete="off"
                onChange={(productType) => update({ productTypeRates: draft.productTypeRates.map((r, i) => (i === index ? { ...r, productType } : r)) })}
              />
              <TextField
                label={rateLabel}
                value={rate.rate}
                error={error(`productTypeRates.${index}.rateMilli`)}
                autoComplete="off"
                onChange={(value) => update({ productTypeRates: draft.productTypeRates.map((r, i) => (i === index ? { ...r, rate: value } : r)) })}
              />
              <Button tone="critical" variant="plain" onClick={() => update({ productTypeRates: draft.productTypeRates.filter((_, i) => i !== index) })}>
                {t("program.remove")}
              </Button>
            </InlineStack>
          ))}
          <Button onClick={() => update({ productTypeRates: [...draft.productTypeRates, { productType: "", rate: draft.baseRate }] })}>
            {t("program.earning.addProductTypeRate")}
          </Button>
          <Text as="h3" variant="headingSm">
            {t("program.earning.collectionRates")}
          </Text>
          {draft.collectionRates.map((rate, index) => (
            <InlineStack key={rate.collectionGid} gap="200" blockAlign="end">
              <Text as="span">{rate.title}</Text>
              <TextField
                label={rateLabel}
                value={rate.rate}
                error={error(`collectionRates.${index}.rateMilli`)}
                autoComplete="off"
                onChange={(value) => update({ collectionRates: draft.collectionRates.map((r, i) => (i === index ? { ...r, rate: value } : r)) })}
              />
              <Button tone="critical" variant="plain" onClick={() => update({ collectionRates: draft.collectionRates.filter((_, i) => i !== index) })}>
                {t("program.remove")}
              </Button>
            </InlineStack>
          ))}
          <Button onClick={pickCollections}>{t("program.earning.addCollections")}</Button>
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
