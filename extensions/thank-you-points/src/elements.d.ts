// The `s-*` elements of the thank-you target for JSX (preact).
import type {} from "@shopify/ui-extensions/purchase.thank-you.block.render";
