import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import type { ProgramWarning } from "~/loyalty/program";
import type { TierMove } from "~/loyalty/simulator";

/** A refused save, the program's warnings, and the members a tier change would move (confirm to save). */
export function ProgramBanners({ failure, warnings, tierMoves, confirmTierChange }: {
  /** The server's sentence for a refused save (the fields say what is wrong). */
  failure: string | null;
  warnings: ProgramWarning[];
  tierMoves: TierMove[] | null;
  confirmTierChange: () => void;
}) {
  const { t, formatLocale } = useAdminText();
  const number = new Intl.NumberFormat(formatLocale);
  const tier = (name: string | null) => name ?? t("program.tierChange.noTier");
  return (
    <>
      {failure !== null ? (
        <Layout.Section>
          <Banner tone="critical" title={t("program.failure")}>
            <p>{failure.replace(/^Nothing was saved\. /, "")}</p>
          </Banner>
        </Layout.Section>
      ) : null}
      {warnings.map((warning) => (
        <Layout.Section key={warning}>
          <Banner tone="warning">
            <p>{t(`program.warnings.${warning}`)}</p>
          </Banner>
        </Layout.Section>
      ))}
      {tierMoves ? (
        <Layout.Section>
          <Banner tone="warning" title={t("program.tierChange.title")} action={{ content: t("program.tierChange.confirm"), onAction: confirmTierChange }}>
            <BlockStack gap="100">
              {tierMoves.length === 0 ? <p>{t("program.tierChange.none")}</p> : null}
              {tierMoves.map((move) => (
                <p key={`${move.from}-${move.to}`}>
                  {t("program.tierChange.move", { count: move.members, members: number.format(move.members), from: tier(move.from), to: tier(move.to) })}
                </p>
              ))}
            </BlockStack>
          </Banner>
        </Layout.Section>
      ) : null}
    </>
  );
}
