/**
 * Named steps of an end-to-end journey: `await step("configure the program", async () => { … })` runs the body,
 * fails if the page logged an error during it, and saves a full-page screenshot after it —
 * `test-results/e2e/<nn>-<name>.png`, or `<nn>-<name>-FAILED.png` with the error — so a failing run shows
 * where it stopped and what the browser saw. A step's error names the step.
 * `shot(name)` adds an intermediate screenshot inside a step. Timings are kept for the run's summary.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import type { E2eBrowser } from "./browser";

/** The admin shell's iframe (devstore/admin/pages.ts): `#app-frame`, named `app-iframe`. */
const APP_FRAME = "#app-frame";

/**
 * A full-page screenshot sees only the part of an embedded app that fits its iframe: for the shot, the iframe is
 * made as tall as the app's document, then put back as it was.
 */
async function withWholeAppFrame(page: Page, shoot: () => Promise<unknown>): Promise<void> {
  const frame = page.frame({ name: "app-iframe" });
  const height = frame ? await frame.evaluate(() => document.documentElement.scrollHeight).catch(() => null) : null;
  if (!height) {
    await shoot();
    return;
  }
  const previous = await page.evaluate(
    ([selector, px]) => {
      const iframe = document.querySelector<HTMLIFrameElement>(selector);
      if (!iframe) return null;
      const before = { height: iframe.style.height, flex: iframe.style.flex };
      iframe.style.flex = "none";
      iframe.style.height = `${px}px`;
      return before;
    },
    [APP_FRAME, height] as const,
  );
  try {
    await shoot();
  } finally {
    if (previous) {
      await page.evaluate(
        ([selector, before]) => {
          const iframe = document.querySelector<HTMLIFrameElement>(selector);
          if (iframe) Object.assign(iframe.style, before);
        },
        [APP_FRAME, previous] as const,
      );
    }
  }
}

export interface StepTiming {
  name: string;
  ms: number;
  ok: boolean;
}

export interface Steps {
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  shot(name: string): Promise<void>;
  timings: StepTiming[];
  /** "1. install 3.2 s ✓ …" */
  summary(): string;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);

export function createSteps(browser: E2eBrowser, dir: string): Steps {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const timings: StepTiming[] = [];
  let current = "";
  let shots = 0;

  const screenshot = async (file: string) => {
    try {
      await withWholeAppFrame(browser.page, () => browser.page.screenshot({ path: path.join(dir, file), fullPage: true, timeout: 10_000 }));
    } catch {
      // A screenshot must never hide the step's own error (the page may be gone).
    }
  };

  return {
    timings,
    async step(name, body) {
      const number = String(timings.length + 1).padStart(2, "0");
      current = `${number}-${slug(name)}`;
      shots = 0;
      const started = Date.now();
      try {
        const result = await body();
        const problems = browser.takeProblems();
        if (problems.length > 0) throw new Error(`the page logged errors:\n  ${problems.join("\n  ")}`);
        await screenshot(`${current}.png`);
        timings.push({ name, ms: Date.now() - started, ok: true });
        return result;
      } catch (error) {
        await screenshot(`${current}-FAILED.png`);
        timings.push({ name, ms: Date.now() - started, ok: false });
        const message = error instanceof Error ? error.message : String(error);
        const wrapped = new Error(`Step ${number} "${name}" failed: ${message}`, { cause: error });
        if (error instanceof Error && error.stack) wrapped.stack = `${wrapped.message}\n${error.stack.split("\n").slice(1).join("\n")}`;
        throw wrapped;
      } finally {
        browser.clearExpected();
      }
    },
    async shot(name) {
      shots += 1;
      await screenshot(`${current}-${String.fromCharCode(96 + shots)}-${slug(name)}.png`);
    },
    summary() {
      const total = timings.reduce((sum, t) => sum + t.ms, 0);
      const lines = timings.map((t, i) => `${String(i + 1).padStart(2)}. ${t.ok ? "✓" : "✗"} ${t.name} (${(t.ms / 1000).toFixed(1)} s)`);
      return `${lines.join("\n")}\n    steps total ${(total / 1000).toFixed(1)} s`;
    },
  };
}
