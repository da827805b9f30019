/**
 * The Program page's birthday and action bonuses through the real admin route (session token, form post):
 * bad input is refused with field errors and writes nothing; saving the birthday bonus on queues the daily job.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { action as engagement } from "~/routes/app.bonuses";
import { loader as program } from "~/routes/app.program";
import { adminRequest, callRoute } from "../support/admin";
import { prisma, resetDatabase } from "../support/database";

const valid = {
  birthdayPoints: "200",
  anniversaryPoints: "0",
  newsletter: { points: "100", cap: "1" },
  profile: { points: "50" },
  social: { points: "25", cap: "2", networks: { instagram: "https://instagram.com/shop", tiktok: "" } },
};

const save = async (settings: unknown) => {
  const response = (await callRoute(engagement, await adminRequest("/app/bonuses", { form: { settings: JSON.stringify(settings) } }))) as Response;
  return { status: response.status, body: (await response.json()) as { ok: boolean; fieldErrors?: Record<string, string> } };
};

beforeEach(() => resetDatabase());

describe("POST /app/bonuses", () => {
  it("saves the bonuses, queues the daily birthday job, and the Program page loads them", async () => {
    expect(await save(valid)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await prisma.outboxJob.count({ where: { kind: "birthday-daily" } })).toBe(1);
    const loaded = (await callRoute(program, await adminRequest("/app/program"))) as { engagement: unknown };
    expect(loaded.engagement).toMatchObject({ birthdayPoints: 200, social: { points: 25, cap: 2, networks: { instagram: "https://instagram.com/shop" } } });
  });

  it("refuses negative or huge points, a cap of 0, an http URL and a follow bonus with no network, writing nothing", async () => {
    const refused = await save({
      ...valid,
      birthdayPoints: "-5",
      anniversaryPoints: "1e9",
      newsletter: { points: "10", cap: "0" },
      social: { points: "25", cap: "1", networks: { instagram: "http://instagram.com/shop" } },
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fieldErrors ?? {})).toEqual(expect.arrayContaining(["birthdayPoints", "anniversaryPoints", "newsletter.cap", "social.networks.instagram"]));
    expect((await save({ ...valid, social: { points: "25", cap: "1", networks: {} } })).body.fieldErrors).toHaveProperty(["social.networks"]);
    expect(await prisma.engagementSettings.count()).toBe(0);
    expect(await prisma.outboxJob.count({ where: { kind: "birthday-daily" } })).toBe(0);
  });
});
