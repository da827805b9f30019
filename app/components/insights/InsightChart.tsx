import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState } from "react";

type PolarisViz = typeof import("@shopify/polaris-viz");

export interface ChartSeries {
  name: string;
  data: { key: string; value: number | null }[];
}

/**
 * A bar or line chart of the insights. Polaris Viz measures the DOM, so it is loaded and drawn in the browser only;
 * the server renders a skeleton (as PointsChart does).
 */
export function InsightChart({ kind, series, xLabel, yLabel, stacked = false }: { kind: "bar" | "line"; series: ChartSeries[]; xLabel: (key: string) => string; yLabel: (value: number) => string; stacked?: boolean }) {
  const [viz, setViz] = useState<PolarisViz | null>(null);
  useEffect(() => {
    let mounted = true;
    import("@shopify/polaris-viz").then(
      (module) => {
        if (mounted) setViz(module);
      },
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, []);
  if (!viz) return <SkeletonBodyText lines={6} />;
  const { BarChart, LineChart, PolarisVizProvider } = viz;
  const xAxisOptions = { labelFormatter: (value: string | number | null) => xLabel(String(value)) };
  const yAxisOptions = { labelFormatter: (value: string | number | null) => yLabel(Number(value)) };
  return (
    <PolarisVizProvider>
      <div style={{ height: 260 }}>
        {kind === "bar" ? (
          <BarChart theme="Light" data={series} xAxisOptions={xAxisOptions} yAxisOptions={yAxisOptions} type={stacked ? "stacked" : "default"} isAnimated={false} />
        ) : (
          <LineChart theme="Light" data={series} xAxisOptions={xAxisOptions} yAxisOptions={yAxisOptions} isAnimated={false} />
        )}
      </div>
    </PolarisVizProvider>
  );
}
