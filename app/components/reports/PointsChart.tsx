import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useReportText } from "./useReportText";

type PolarisViz = typeof import("@shopify/polaris-viz");

export interface PointsSeriesDay {
  date: string;
  issued: number;
  redeemed: number;
  expired: number;
}

/**
 * Points issued, redeemed and expired per day as a line chart. Polaris Viz measures the DOM, so it is loaded and
 * drawn in the browser only; the server renders a skeleton.
 */
export function PointsChart({ days }: { days: readonly PointsSeriesDay[] }) {
  const [viz, setViz] = useState<PolarisViz | null>(null);
  const { t, f } = useReportText();
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
  const { LineChart, PolarisVizProvider } = viz;
  const series = (name: string, pick: (day: PointsSeriesDay) => number) => ({
    name,
    data: days.map((day) => ({ key: day.date, value: pick(day) })),
  });
  return (
    <PolarisVizProvider>
      <div style={{ height: 280 }}>
        <LineChart
          theme="Light"
          data={[series(t("reports.points.series.issued"), (day) => day.issued), series(t("reports.points.series.redeemed"), (day) => day.redeemed), series(t("reports.points.series.expired"), (day) => day.expired)]}
          xAxisOptions={{ labelFormatter: (value) => f.dayLabel(String(value)) }}
          yAxisOptions={{ labelFormatter: (value) => f.points(Number(value)) }}
          isAnimated={false}
        />
      </div>
    </PolarisVizProvider>
  );
}
