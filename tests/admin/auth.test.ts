/** Every admin loader sits behind authenticate.admin: a valid session token gets in, anything else does not. */
import { describe, expect, it } from "vitest";
import { loader as home } from "~/routes/app._index";
import { adminRequest, callRoute } from "../support/admin";
import { resetDatabase } from "../support/database";
import { TEST_APP_URL } from "../support/test-env";

describe("admin authentication", () => {
  it("serves the home loader to a request with a valid session token", async () => {
    await resetDatabase();
    const result = await callRoute(home, await adminRequest("/app"));
    expect(result).toMatchObject({
      metrics: { members: 0, issued30d: 0, outstandingPoints: 0 },
      setup: { status: "live" },
    });
  });

  it("refuses a request without a session token", async () => {
    const result = await callRoute(home, new Request(`${TEST_APP_URL}/app`, { headers: { Authorization: "Bearer not-a-jwt" } }));
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).status).toBe(401);
  });
});
