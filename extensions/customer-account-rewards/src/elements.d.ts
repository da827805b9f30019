// The `s-*` elements of the customer-account.page.render target for JSX (preact), wherever these files are
// type-checked: this project's tsconfig.json or the app's (whose tests render the page).
import type {} from "@shopify/ui-extensions/customer-account.page.render";
