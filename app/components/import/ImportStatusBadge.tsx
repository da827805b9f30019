import { Badge, type BadgeProps } from "@shopify/polaris";
import { useAdminText } from "~/i18n/admin-text";

const TONE: Record<string, BadgeProps["tone"]> = {
  preview: "attention",
  queued: "info",
  running: "info",
  done: "success",
  failed: "critical",
};

export function ImportStatusBadge({ status }: { status: string }) {
  const { t } = useAdminText();
  const known = status in TONE;
  return <Badge tone={TONE[status]}>{known ? t(`import.status.${status}`) : status}</Badge>;
}
