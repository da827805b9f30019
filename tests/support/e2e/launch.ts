/**
 * The guided launch as a merchant clicks it on Home (ADR 023): open the app (installing it by token exchange), confirm
 * earning, rewards and tiers, then Launch program and its confirmation. For suites that need a live program first.
 */
import { expect } from "vitest";
import { hidden } from "./expect";
import type { E2eSuite } from "./suite";

export async function installAndLaunch({ page, app, urls }: Pick<E2eSuite, "page" | "app" | "urls">): Promise<void> {
  await page.goto(urls.admin);
  await app.getByRole("heading", { level: 1, name: "Loyalty & Rewards" }).waitFor();
  for (const [id, label] of [["earning", "Earning looks right"], ["rewards", "Rewards look right"], ["tiers", "Tiers look right"]] as const) {
    await app.getByRole("button", { name: label }).click();
    await expect.poll(() => app.locator(`[data-setup-step="${id}"]`).getAttribute("data-done"), { timeout: 30_000, interval: 150 }).toBe("true");
  }
  await app.getByRole("button", { name: "Launch program" }).click();
  const dialog = app.getByRole("dialog");
  await dialog.getByRole("button", { name: "Launch program" }).click();
  await hidden(dialog);
}
