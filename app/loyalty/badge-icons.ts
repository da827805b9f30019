/**
 * The built-in badge icons: one 24 × 24 path each, filled with the current colour. The admin draws them from here;
 * the storefront snippet (extensions/loyalty-widget/snippets/loyalty-engagement.liquid) carries the same paths as an
 * SVG sprite, and tests/storefront/engagement-snippet.test.ts keeps the two equal.
 */
import type { BadgeIcon } from "./badges";

export const BADGE_ICON_PATHS: Record<BadgeIcon, string> = {
  star: "M12 2l3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01z",
  trophy: "M7 3h10v2h4v3a5 5 0 0 1-4.5 4.97A5 5 0 0 1 13 15.9V18h3v3H8v-3h3v-2.1a5 5 0 0 1-3.5-2.93A5 5 0 0 1 3 8V5h4zM5 7v1a3 3 0 0 0 2 2.83V7zm12 0v3.83A3 3 0 0 0 19 8V7z",
  heart: "M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54z",
  flame: "M12 2c1 3.5 5 5.5 5 10a5 5 0 0 1-10 0c0-2 1-3.5 2-4.5 0 2 1 3 2 3 0-3-1-5 1-8.5z",
  gift: "M3 8h18v4H3zm2 5h6v8H5zm8 0h6v8h-6zM12 8C9 8 6 6 7.5 4.5S11 5 12 8zm0 0c1-3 3-5 4.5-3.5S15 8 12 8z",
  crown: "M3 7l4.5 4L12 4l4.5 7L21 7l-2 11H5z",
  leaf: "M4 20C4 10 10 4 20 4c0 10-6 16-16 16z",
  rocket: "M12 2c3 2 5 6 5 10l2 3-3 1-1 3H9l-1-3-3-1 2-3c0-4 2-8 5-10zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
};
