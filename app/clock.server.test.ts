import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appNow, devClockFile } from "./clock.server";

const DAY_MS = 86_400_000;

describe("the app clock", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("follows the dev store's clock file only while the app is wired to the dev store", () => {
    expect(devClockFile({ DEV_CLOCK_FILE: "/tmp/clock.json" })).toBeNull();
    expect(devClockFile({ SHOPIFY_DEVSTORE_ORIGIN: "http://127.0.0.1:4000" })).toBeNull();
    expect(devClockFile({ DEV_CLOCK_FILE: "/tmp/clock.json", SHOPIFY_DEVSTORE_ORIGIN: "http://127.0.0.1:4000" })).toBe("/tmp/clock.json");
  });

  it("moves forward by the file's offset with the dev store, and ignores the file without it", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "clock-")), "clock.json");
    writeFileSync(file, JSON.stringify({ offsetMs: 3 * DAY_MS }));
    vi.stubEnv("DEV_CLOCK_FILE", file);
    vi.stubEnv("SHOPIFY_DEVSTORE_ORIGIN", "");
    expect(Math.abs(appNow().getTime() - Date.now())).toBeLessThan(DAY_MS);
    vi.stubEnv("SHOPIFY_DEVSTORE_ORIGIN", "http://127.0.0.1:4000");
    expect(appNow().getTime() - Date.now()).toBeGreaterThan(2.9 * DAY_MS);
  });

  it("treats a broken file as no offset", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "clock-")), "clock.json");
    writeFileSync(file, "{not json");
    vi.stubEnv("DEV_CLOCK_FILE", file);
    vi.stubEnv("SHOPIFY_DEVSTORE_ORIGIN", "http://127.0.0.1:4000");
    expect(Math.abs(appNow().getTime() - Date.now())).toBeLessThan(DAY_MS);
  });
});
