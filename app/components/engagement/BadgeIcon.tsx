import { BADGE_ICON_PATHS } from "~/loyalty/badge-icons";
import { isBadgeIcon } from "~/loyalty/badges";

/** One of the built-in badge icons, in the current text colour. */
export function BadgeIcon({ icon, size = 24, label }: { icon: string; size?: number; label?: string }) {
  const path = isBadgeIcon(icon) ? BADGE_ICON_PATHS[icon] : BADGE_ICON_PATHS.star;
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="currentColor" role={label ? "img" : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      <path d={path} />
    </svg>
  );
}
