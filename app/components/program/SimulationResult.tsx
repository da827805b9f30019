import { BlockStack, DataTable, Text } from "@shopify/polaris";
import { formatMoney, formatPoints } from "~/loyalty/money";
import type { SimulationTotals } from "~/loyalty/simulator";

const signed = (value: number, format: (n: number) => string) => (value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : format(0));

/** Current rules vs proposed rules over the replayed orders. */
export function SimulationResult({ simulation, currency }: { simulation: SimulationTotals & { days: number }; currency: string }) {
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, currency));
  return (
    <BlockStack gap="200">
      <Text as="p">
        {simulation.orders} orders from the last {simulation.days} days replayed
        {simulation.notReplayable > 0 ? ` (${simulation.notReplayable} earned before the simulator existed and are left out)` : ""}.{" "}
        {simulation.ordersUp} would earn more, {simulation.ordersDown} less.
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric"]}
        headings={["", "Current rules", "Proposed rules", "Change"]}
        rows={[
          [
            "Points issued (net of clawbacks, as on Home and Reports)",
            formatPoints(simulation.currentIssued),
            formatPoints(simulation.proposedIssued),
            signed(simulation.deltaIssued, formatPoints),
          ],
          ["Earned by these orders (before refunds)", formatPoints(simulation.currentPoints), formatPoints(simulation.proposedPoints), signed(simulation.deltaPoints, formatPoints)],
          [
            "Cost (liability added)",
            money(simulation.currentCostMinor),
            money(simulation.proposedCostMinor),
            simulation.deltaCostMinor === null ? "—" : signed(simulation.deltaCostMinor, (n) => formatMoney(n, currency)),
          ],
        ]}
      />
      {simulation.currentCostMinor === null ? (
        <Text as="p" tone="subdued">
          Set a point value on this page to price points in money.
        </Text>
      ) : null}
    </BlockStack>
  );
}
