/**
 * Chromium for the end-to-end suite (Debian's /usr/bin/chromium through playwright-core, as the storefront tests):
 * one browser, one context with a normal desktop Chrome user agent — the Shopify library answers "HeadlessChrome"
 * (a bot to `isbot`) with 410 — and one page.
 *
 * The page's problems are collected for the test to assert on: uncaught exceptions and `console.error` in the
 * admin shell, the app's iframe or the storefront (`problems`), except messages a test declares expected
 * (`expectProblem`, e.g. the 4xx a deliberately invalid form answers, which Chromium reports as a console error).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_PATH } from "../storefront/browser";

// Flags that work as root on these machines (shared/docs/platform-notes.md, Browsers); playwright-core gives each
// launch a fresh profile directory.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface E2eBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors seen so far (cleared by `takeProblems`). */
  problems: string[];
  /** Returns and clears the problems seen since the last call. */
  takeProblems(): string[];
  /** Console errors matching `pattern` are expected (until `clearExpected`): not counted as problems. */
  expectProblem(pattern: RegExp): void;
  clearExpected(): void;
  close(): Promise<void>;
}

export async function launchE2eBrowser(): Promise<E2eBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run scripts/install-browsers.sh (as root)`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  try {
    const major = browser.version().split(".")[0] ?? "131";
    const context = await browser.newContext({
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      timezoneId: "UTC",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    let expected: RegExp[] = [];
    const where = () => {
      try {
        return new URL(page.url()).pathname;
      } catch {
        return page.url();
      }
    };
    page.on("pageerror", (error) => problems.push(`uncaught in ${where()}: ${error.stack ?? error.message}`));
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      if (expected.some((pattern) => pattern.test(text))) return;
      const location = message.location();
      // The browser's own favicon request (neither the admin shell nor the app declares one).
      if (/\/favicon\.ico$/.test(location.url)) return;
      problems.push(`console.error at ${location.url || where()}: ${text}`);
    });
    return {
      browser,
      context,
      page,
      problems,
      takeProblems: () => problems.splice(0, problems.length),
      expectProblem: (pattern) => {
        expected.push(pattern);
      },
      clearExpected: () => {
        expected = [];
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
