/**
 * The in-process outbox loop, started once per app instance by entry.server.tsx. OUTBOX_WORKER=off disables it
 * (e.g. on web instances when a dedicated worker runs). Failures of one tick are logged and the loop goes on.
 */
import { appNow } from "~/clock.server";
import prisma from "~/db.server";
import { adminGraphqlForShop } from "~/shopify/admin-graphql.server";
import { createJobHandlers } from "./jobs.server";
import { runDueJobs } from "./outbox.server";

let started = false;

export function startOutboxWorker(intervalMs = Number(process.env.OUTBOX_INTERVAL_MS ?? 1000)): void {
  if (started || process.env.OUTBOX_WORKER === "off") return;
  started = true;
  const handlers = createJobHandlers(prisma, adminGraphqlForShop);
  const tick = async () => {
    try {
      await runDueJobs(prisma, handlers, { now: appNow() });
    } catch (error) {
      console.error("Outbox tick failed", error);
    } finally {
      setTimeout(tick, intervalMs).unref();
    }
  };
  setTimeout(tick, intervalMs).unref();
}
