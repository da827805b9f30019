/**
 * The Program form's draft: a draft made from saved settings has no unsaved changes, any edit has, and the settings
 * it sends back are the saved ones (the point value fraction untouched while its text is as loaded).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PROGRAM_SETTINGS } from "~/loyalty/program";
import { fromDraft, hasUnsavedChanges, toDraft } from "./program-draft";

const settings = { ...DEFAULT_PROGRAM_SETTINGS, pointValue: { minorUnits: 1, points: 1 } };
const saved = { settings, pointValueText: "0.01", currency: "USD" };

describe("the Program draft", () => {
  it("has no unsaved changes as loaded, and sends back the saved settings", () => {
    const draft = toDraft(settings, "0.01");
    expect(hasUnsavedChanges(draft, toDraft(settings, "0.01"))).toBe(false);
    expect(fromDraft(draft, saved)).toEqual(settings);
  });

  it("has unsaved changes after any edit, and none once the edit is undone", () => {
    const loaded = toDraft(settings, "0.01");
    expect(hasUnsavedChanges({ ...loaded, baseRate: "2" }, loaded)).toBe(true);
    expect(hasUnsavedChanges({ ...loaded, includeShipping: !loaded.includeShipping }, loaded)).toBe(true);
    expect(hasUnsavedChanges({ ...loaded, tiers: loaded.tiers.slice(1) }, loaded)).toBe(true);
    expect(hasUnsavedChanges({ ...loaded, baseRate: "2" }, { ...loaded, baseRate: "2" })).toBe(false);
  });

  it("sends text it cannot read as typed, so the server names the field", () => {
    const sent = fromDraft({ ...toDraft(settings, "0.01"), baseRate: "two", vestingDays: "a week" }, saved) as Record<string, unknown>;
    expect(sent.baseRateMilli).toBe("two");
    expect(sent.vestingDays).toBe("a week");
  });
});
