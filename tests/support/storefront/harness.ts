/**
 * The storefront browser tests' harness (tests/storefront/*.browser.test.ts): one Chromium per test file, a
 * StorefrontSession (./session.ts) whose app proxy is `proxy` (the app's own routes, ../app-proxy-routes.ts), and
 * the checks every test ends with: the storefront server served every request, and no page threw.
 * The shopify-app library's info lines (one per app proxy authentication) are kept out of the output.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import type { ProxyHandler } from "./server";
import { StorefrontSession } from "./session";

export const SCREENSHOTS = "test-results/storefront";

/** Registers the hooks of a storefront browser test file; answers its session. */
export function setUpStorefrontBrowser(proxy: ProxyHandler): StorefrontSession {
  const session = new StorefrontSession(proxy);
  beforeAll(async () => {
    const log = console.log.bind(console);
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).startsWith("[shopify-app/INFO]")) log(...args);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await session.launch();
  }, 60_000);

  afterAll(() => session.close());

  beforeEach(() => {
    vi.spyOn(console, "info").mockImplementation(() => undefined);
  });

  afterEach(async () => {
    const { serverErrors, pageErrors } = await session.end();
    expect(serverErrors, "the storefront server failed to serve a request").toEqual([]);
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });
  return session;
}

/** Waits (up to 10 s: CI machines are slow) for a value to match. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 25 });

/** A full-page screenshot in test-results/storefront/<name>.png. */
export const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
