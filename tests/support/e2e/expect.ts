/**
 * Waiting assertions on what the page shows (playwright-core has no `expect` of its own): each reads the page
 * again until the vitest matcher passes or the time is up, then fails with what it saw last.
 *
 *   await text(app.getByRole("status")).toContain("Program saved");
 *   await value(app.getByLabel("Points per USD 1")).toBe("2");
 *   await count(rows).toBe(1);
 *   await visible(page.locator("dialog"));
 *
 * A locator matching several elements fails (Playwright's strict mode): narrow it down, or use `.first()`.
 */
import type { Locator } from "playwright-core";
import { expect } from "vitest";

/** How long a page gets to show something (slow CI machines, the outbox worker, webhook round trips). */
export const UI_TIMEOUT = 15_000;
const READ = { timeout: 2_000 };

const poll = <T>(read: () => Promise<T>, timeout: number) => expect.poll(read, { timeout, interval: 100 });

/** The element's rendered text (innerText: what a person sees, whitespace as laid out). */
export const text = (locator: Locator, timeout = UI_TIMEOUT) => poll(() => locator.innerText(READ), timeout);

/** An input's current value. */
export const value = (locator: Locator, timeout = UI_TIMEOUT) => poll(() => locator.inputValue(READ), timeout);

export const attribute = (locator: Locator, name: string, timeout = UI_TIMEOUT) => poll(() => locator.getAttribute(name, READ), timeout);

/** How many elements match (0 included). */
export const count = (locator: Locator, timeout = UI_TIMEOUT) => poll(() => locator.count(), timeout);

export async function visible(locator: Locator, timeout = UI_TIMEOUT): Promise<void> {
  await locator.waitFor({ state: "visible", timeout });
}

export async function hidden(locator: Locator, timeout = UI_TIMEOUT): Promise<void> {
  await locator.waitFor({ state: "hidden", timeout });
}
