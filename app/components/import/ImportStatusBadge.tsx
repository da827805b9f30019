import { Badge, type BadgeProps } from "@shopify/polaris";

const STATUS: Record<string, { label: string; tone: BadgeProps["tone"] }> = {
  preview: { label: "Not imported yet", tone: "attention" },
  queued: { label: "Queued", tone: "info" },
  running: { label: "Importing", tone: "info" },
  done: { label: "Imported", tone: "success" },
  failed: { label: "Failed", tone: "critical" },
};

export function ImportStatusBadge({ status }: { status: string }) {
  const shown = STATUS[status] ?? { label: status, tone: undefined };
  return <Badge tone={shown.tone}>{shown.label}</Badge>;
}
