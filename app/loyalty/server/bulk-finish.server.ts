/**
 * `bulk_operations/finish`: Shopify says a bulk operation finished, so the job waiting on it runs now instead of at
 * its next poll (docs/decisions/028-backfill-past-orders.md). Polling stays the source of truth: this only moves
 * the job's next run forward, and the job reads the operation's status from Shopify itself.
 *
 * Rules:
 * - Only a backfill or an enrolment of the delivering shop that names this operation and is still waiting on
 *   Shopify (queued, running, downloading, writing) is nudged; another shop's operation, an unknown one or a
 *   finished run is left alone (answered 200: a duplicate or a stray delivery is expected).
 * - Nudging is re-enqueueing the run's own job (same kind and key) due now: a job already running finishes its
 *   step and runs once more, which reads the same state (every step is idempotent).
 */
import type { PrismaClient } from "@prisma/client";
import { BACKFILL_ORDERS } from "./backfill.server";
import { ENROL_CUSTOMERS } from "./enrolment.server";
import { enqueueJob } from "./outbox.server";

export async function nudgeBulkOperationJobs(db: PrismaClient, shop: string, operationGid: string, now: Date): Promise<{ message: string }> {
  const [backfills, enrolments] = await Promise.all([
    db.orderBackfill.findMany({ where: { shop, bulkOperationId: operationGid, status: { in: ["queued", "running", "writing"] } }, select: { id: true } }),
    db.customerEnrolment.findMany({ where: { shop, bulkOperationId: operationGid, status: { in: ["queued", "running", "downloading"] } }, select: { id: true } }),
  ]);
  for (const { id } of backfills) await enqueueJob(db, { shop, kind: BACKFILL_ORDERS, dedupeKey: id, payload: { backfillId: id }, now });
  for (const { id } of enrolments) await enqueueJob(db, { shop, kind: ENROL_CUSTOMERS, dedupeKey: id, payload: { enrolmentId: id }, now });
  const nudged = backfills.length + enrolments.length;
  return { message: nudged > 0 ? `${operationGid} finished: ${nudged} job(s) run now` : `${operationGid} finished: no job waits on it` };
}
