import { describe, expect, it } from "vitest";
import * as loyalty from "./index";

describe("public API", () => {
  it("re-exports every module", () => {
    for (const name of [
      "LoyaltyError",
      "httpStatusForError",
      "toMinorUnits",
      "formatMoney",
      "RewardCalculator",
      "createProgramCalculator",
      "calculateOrderPoints",
      "calculateClawback",
      "applyRefundPolicy",
      "evaluateTier",
      "tierWindowStart",
      "summarizeLedger",
      "earnKey",
      "parseProgramSettings",
      "DEFAULT_PROGRAM_SETTINGS",
    ]) {
      expect(loyalty).toHaveProperty(name);
    }
  });
});
