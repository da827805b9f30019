/** Program page steps that several end-to-end journeys share. */
import type { FrameLocator, Locator } from "playwright-core";
import { visible } from "./expect";

/** On the open Program page: adds the "Choose your discount" points slider ($1 per 100 points, 100 to 1,000 points). */
export async function addSliderReward(app: FrameLocator, toast: (message: string) => Locator): Promise<Locator> {
  const rewards = app.locator(".Polaris-Layout__AnnotatedSection", { has: app.getByRole("heading", { name: "Rewards", exact: true }) });
  await rewards.getByRole("button", { name: "Add reward" }).click();
  await rewards.getByLabel("Name").fill("Choose your discount");
  await rewards.getByLabel("Reward", { exact: true }).selectOption("points_slider");
  await rewards.getByLabel("Points per step").fill("100");
  await rewards.getByLabel("Amount off per step (USD)").fill("1");
  await rewards.getByLabel("Fewest points").fill("100");
  await rewards.getByLabel("Most points").fill("1000");
  await rewards.getByRole("button", { name: "Save reward" }).click();
  await visible(toast("Reward “Choose your discount” saved"));
  return rewards;
}
