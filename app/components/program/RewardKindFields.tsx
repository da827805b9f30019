/**
 * The reward form's fields of the points slider (fewest and most points; the cost is the step, the amount is per
 * step) and of the free product (picked with App Bridge's resource picker: the product and its first variant).
 */
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";

export interface KindDraft {
  kind: string;
  sliderMin: string;
  sliderMax: string;
  productGid: string | null;
  variantGid: string | null;
  productTitle: string | null;
}

interface PickedProduct {
  id: string;
  title?: string;
  variants?: { id?: string }[];
}

export function RewardKindFields({ draft, update, error }: { draft: KindDraft; update: (patch: Partial<KindDraft>) => void; error: (field: string) => string | undefined }) {
  const shopify = useAppBridge();
  const { t } = useAdminText();
  if (draft.kind === "points_slider") {
    return (
      <InlineStack gap="300" wrap>
        <TextField label={t("program.rewards.sliderMin")} value={draft.sliderMin} onChange={(sliderMin) => update({ sliderMin })} error={error("sliderMinPoints")} autoComplete="off" />
        <TextField label={t("program.rewards.sliderMax")} value={draft.sliderMax} onChange={(sliderMax) => update({ sliderMax })} error={error("sliderMaxPoints")} autoComplete="off" />
      </InlineStack>
    );
  }
  if (draft.kind !== "free_product") return null;
  const pick = async () => {
    const picked = (await shopify.resourcePicker({ type: "product", multiple: false, action: "select" })) as PickedProduct[] | undefined;
    const product = picked?.[0];
    if (!product) return;
    update({ productGid: product.id, variantGid: product.variants?.[0]?.id ?? null, productTitle: product.title ?? null });
  };
  const problem = error("productGid") ?? error("variantGid");
  return (
    <BlockStack gap="100">
      <Text as="span">{t("program.rewards.product")}</Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {draft.productTitle ?? t("program.rewards.noProduct")}
        </Text>
        <Button onClick={() => void pick()}>{draft.productGid ? t("program.rewards.changeProduct") : t("program.rewards.pickProduct")}</Button>
      </InlineStack>
      <Text as="span" tone="subdued">
        {t("program.rewards.productHelp")}
      </Text>
      {problem ? <InlineError message={problem} fieldID="reward-product" /> : null}
    </BlockStack>
  );
}
