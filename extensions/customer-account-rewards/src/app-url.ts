/**
 * Where the app's backend is. `shopify app deploy` builds this file as it is: set it to your app's URL (the
 * `application_url` of shopify.app.toml) before deploying. The local dev store's build passes its own
 * (scripts/build-customer-account.mjs).
 */
export const APP_URL = "https://localhost:3000";
