/**
 * One call sets up an end-to-end test file: `const e2e = setUpE2eSuite("journey")` at the top registers
 * beforeAll (build if needed, start the app and the dev store, launch Chromium) and afterAll (close the browser,
 * save the logs, kill the app, stop the dev store — also after a failure); inside a test, `e2e()` gives the
 * running suite:
 *
 *   it("…", async () => {
 *     const { step, page, app, urls } = e2e();
 *     await step("open the app", async () => {
 *       await page.goto(urls.admin);
 *       await text(app.getByRole("heading", { level: 1 })).toBe("Loyalty & Rewards");
 *     });
 *   });
 *
 * Each file gets its own app process, database and dev store; screenshots and logs go to
 * test-results/e2e/<name>/ (emptied when the suite starts).
 */
import type { FrameLocator, Locator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { appNamespace, DEFAULT_APP_ID } from "../../../devstore/admin-api";
import { readAppConfig } from "../../../devstore/app-config";
import { launchE2eBrowser, type E2eBrowser } from "./browser";
import { E2E_SHOP_HANDLE, startE2eStack, type E2eStack } from "./stack";
import { createSteps, type Steps } from "./steps";

export interface E2eSuite extends Steps {
  stack: E2eStack;
  browser: E2eBrowser;
  page: Page;
  /** The embedded app, inside the admin shell's iframe. */
  app: FrameLocator;
  urls: {
    /** The admin with the app embedded (redirects to /store/<shop>/apps/<handle>). */
    admin: string;
    /** The shop's own admin pages: `${urls.store}/orders`, …/customers/3, …/discounts, …/api-log. */
    store: string;
    /** The online store with the theme extension's blocks, signed in as `customer` (a number) or a guest. */
    storefront(customer: string | "guest"): string;
  };
  /** Opens the app's home from the admin's sidebar (a full load of the admin shell). */
  openApp(): Promise<void>;
  /** Opens an app page from the app's navigation in the admin (App Bridge's ui-nav-menu), waits for its title. */
  openAppPage(label: string, title: string): Promise<void>;
  /** An App Bridge toast, shown by the admin around the iframe. */
  toast(text: string | RegExp): Locator;
  /** A customer metafield the app wrote in the dev store ("$app" namespace), or null. */
  metafield(customerId: string, key: string): string | null;
  /** Within the current step, the 400 an invalid form submission answers is expected (Chromium logs it). */
  expectRefusedForm(): void;
}

export const RESULTS_ROOT = "test-results/e2e";

export function setUpE2eSuite(name: string): () => E2eSuite {
  const dir = `${RESULTS_ROOT}/${name}`;
  let stack: E2eStack | undefined;
  let browser: E2eBrowser | undefined;
  let suite: E2eSuite | undefined;

  beforeAll(async () => {
    stack = await startE2eStack();
    browser = await launchE2eBrowser();
    const { page } = browser;
    const app = page.frameLocator("#app-frame");
    const config = readAppConfig();
    const namespace = appNamespace(DEFAULT_APP_ID);
    const started = stack;
    const launched = browser;
    suite = {
      ...createSteps(browser, dir),
      stack,
      browser,
      page,
      app,
      urls: {
        admin: `${stack.devstoreUrl}/admin`,
        store: `${stack.devstoreUrl}/store/${E2E_SHOP_HANDLE}`,
        storefront: (customer) => `${started.devstoreUrl}/storefront?customer=${customer}`,
      },
      async openApp() {
        // A new document: wait for it, not to find the old page's heading still there.
        const link = page.locator("nav.sidebar").getByRole("link", { name: config.name, exact: true });
        await Promise.all([page.waitForEvent("load"), link.click()]);
        await app.getByRole("heading", { level: 1 }).first().waitFor();
      },
      async openAppPage(label, title) {
        await page.locator("#app-nav").getByRole("link", { name: label, exact: true }).click();
        await app.getByRole("heading", { level: 1, name: title, exact: true }).waitFor();
      },
      toast: (text) => page.locator("#toasts .toast", { hasText: text }),
      metafield: (customerId, key) => started.shop.admin.metafield(`gid://shopify/Customer/${customerId}`, namespace, key)?.value ?? null,
      expectRefusedForm: () => launched.expectProblem(/Failed to load resource: the server responded with a status of 400/),
    };
  }, 240_000);

  afterAll(async () => {
    if (suite && suite.timings.length > 0) console.log(`e2e ${name} (${stack?.build}), screenshots in ${dir}/:\n${suite.summary()}`);
    await browser?.close();
    stack?.writeLogs(dir);
    await stack?.close();
  }, 30_000);

  return () => {
    if (!suite) throw new Error("The end-to-end suite did not start (see the beforeAll error)");
    return suite;
  };
}
