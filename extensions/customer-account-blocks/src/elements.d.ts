// The `s-*` elements of these blocks' targets for JSX (preact).
import type {} from "@shopify/ui-extensions/customer-account.profile.block.render";
import type {} from "@shopify/ui-extensions/customer-account.order-status.block.render";
