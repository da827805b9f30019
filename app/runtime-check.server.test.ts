import { describe, expect, it } from "vitest";
import { nodeVersionProblem as scriptsNodeVersionProblem } from "../scripts/node-version.mjs";
import { assertSupportedNode, nodeVersionProblem, REQUIRED_NODE_MAJOR } from "./runtime-check.server";

describe("the Node 24 start-up check", () => {
  it("passes on Node 24 and later, with or without a leading v", () => {
    for (const version of ["24.0.0", "24.21.0", "v24.21.0", "25.1.0", "26.10.0"]) {
      expect(nodeVersionProblem(version)).toBeNull();
      expect(() => assertSupportedNode(version)).not.toThrow();
    }
  });

  it("stops an older Node with a message that says what to do", () => {
    expect(nodeVersionProblem("20.19.0")).toBe(
      "This app needs Node 24 LTS; you are on 20.19.0. Run it through npm (npm run …), which uses the project's Node 24 " +
        "from node_modules/.bin, or install Node 24.",
    );
    for (const version of ["20.20.2", "22.12.0", "23.11.1", "18.0.0", "garbage", ""]) {
      expect(nodeVersionProblem(version)).toContain(`you are on ${version}.`);
      expect(() => assertSupportedNode(version)).toThrow(/^This app needs Node 24 LTS/);
    }
  });

  it("passes for the Node this suite runs on (the project's Node 24)", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(REQUIRED_NODE_MAJOR);
    expect(nodeVersionProblem()).toBeNull();
  });

  it("says the same as the scripts' copy (scripts/node-version.mjs)", () => {
    for (const version of ["20.19.0", "22.12.0", "24.0.0", "24.21.0", "26.1.0", "x"]) {
      expect(scriptsNodeVersionProblem(version)).toBe(nodeVersionProblem(version));
    }
  });
});
