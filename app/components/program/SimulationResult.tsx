import { BlockStack, DataTable, Text } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";
import { currencyExponent, minorToDecimalString } from "~/loyalty/money";
import type { SimulationTotals } from "~/loyalty/simulator";

/** Current rules vs proposed rules over the replayed orders. */
export function SimulationResult({ simulation, currency }: { simulation: SimulationTotals & { days: number }; currency: string }) {
  const { t, formatLocale } = useAdminText();
  const integer = new Intl.NumberFormat(formatLocale, { maximumFractionDigits: 0 });
  const points = (value: number) => t("program.simulator.points", { count: value, points: integer.format(value) });
  const money = (minor: number) => {
    // Intl formats decimal strings exactly (no float round trip); the ES2022 typings lack that overload.
    const format = new Intl.NumberFormat(formatLocale, { style: "currency", currency }).format as unknown as (value: string) => string;
    return format(minorToDecimalString(minor, currencyExponent(currency)));
  };
  const signed = (value: number, format: (n: number) => string) => (value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : format(0));
  const orMissing = (minor: number | null) => (minor === null ? "—" : money(minor));
  const number = (value: number) => integer.format(value);
  return (
    <BlockStack gap="200">
      <Text as="p">
        {t("program.simulator.replayed", { count: simulation.orders, orders: number(simulation.orders), days: number(simulation.days) })}
        {simulation.notReplayable > 0 ? ` ${t("program.simulator.notReplayable", { count: simulation.notReplayable, orders: number(simulation.notReplayable) })}` : ""}{" "}
        {t("program.simulator.upDown", { up: number(simulation.ordersUp), down: number(simulation.ordersDown) })}
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={["", t("program.simulator.current"), t("program.simulator.proposed"), t("program.simulator.change")]}
        rows={[
          [t("program.simulator.issued"), points(simulation.currentIssued), points(simulation.proposedIssued), signed(simulation.deltaIssued, points)],
          [t("program.simulator.earned"), points(simulation.currentPoints), points(simulation.proposedPoints), signed(simulation.deltaPoints, points)],
          [
            t("program.simulator.cost"),
            orMissing(simulation.currentCostMinor),
            orMissing(simulation.proposedCostMinor),
            simulation.deltaCostMinor === null ? "—" : signed(simulation.deltaCostMinor, money),
          ],
        ]}
      />
      {simulation.currentCostMinor === null ? (
        <Text as="p" tone="subdued">
          {t("program.simulator.setPointValue")}
        </Text>
      ) : null}
    </BlockStack>
  );
}
