/**
 * Enrolling the shop's existing customers as members (docs/decisions/027-enrol-existing-customers.md).
 *
 * Rules:
 * - One enrolment runs per shop at a time: asking again while one is under way returns it (a double click, a
 *   launch during a merchant's run). A finished or failed one can be run again; a re-run creates no duplicate
 *   (members are unique by shop + customer GID, and the insert skips the ones that exist).
 * - The work is one outbox job (ENROL_CUSTOMERS, keyed by the enrolment) that advances a state machine and
 *   reschedules itself while Shopify works: start the bulk query → poll it (every POLL_MS) → read the JSONL result,
 *   CHUNK_LINES lines per transaction. Each transaction inserts the chunk's new members, queues their customer
 *   rollups, and advances `linesDone`: a job resumed after a crash skips the lines already committed.
 * - A bulk operation that fails, expires or is cancelled before its file is read marks the enrolment failed with
 *   Shopify's reason (the merchant can start again). A result file that cannot be downloaded any more (its URL
 *   expires after a week) starts a new operation; the members already created stay, and the cursor starts over.
 * - No points: enrolment is not a signup (enrolment.ts). Members get the GID, email and display name only.
 */
import type { PrismaClient } from "@prisma/client";
import { newId } from "~/db/ids";
import { kyselyOf } from "~/db/kysely.server";
import type { AdminGraphql } from "~/shopify/admin-graphql.server";
import { getBulkOperation, startCustomersBulkQuery } from "~/shopify/graphql/bulk-customers";
import { calculateEnrolmentProgress, parseCustomerLine, type EnrolledCustomer, type EnrolmentProgress } from "../enrolment";
import { enqueueJob } from "./outbox.server";
import { refreshCustomerRollups, transactionWithRollups } from "./rollups.server";

/**
 * The `fetch` of the moment this module is loaded — the one @shopify/shopify-api captures for the Admin API too.
 * server.mjs then replaces `globalThis.fetch` with Remix's polyfill (`installGlobals` without single fetch), which
 * ignores the process's undici dispatcher (the dev store's network preload): the result file is downloaded the way
 * the Admin API is reached.
 */
const moduleFetch: typeof fetch = globalThis.fetch.bind(globalThis);

export const ENROL_CUSTOMERS = "enrol-customers";
/** Lines per transaction. */
export const CHUNK_LINES = 1000;
/** How soon the job looks at a running bulk operation again. */
export const POLL_MS = 3000;

export type EnrolmentStatus = "queued" | "running" | "downloading" | "done" | "failed";
const ACTIVE: readonly EnrolmentStatus[] = ["queued", "running", "downloading"];

export interface EnrolmentSummary {
  id: string;
  trigger: string;
  status: EnrolmentStatus;
  total: number | null;
  linesDone: number;
  membersCreated: number;
  membersExisting: number;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
  progress: EnrolmentProgress;
}

type Row = NonNullable<Awaited<ReturnType<PrismaClient["customerEnrolment"]["findUnique"]>>>;

function summaryOf(row: Row, now: Date): EnrolmentSummary {
  return {
    id: row.id,
    trigger: row.trigger,
    status: row.status as EnrolmentStatus,
    total: row.objectCount,
    linesDone: row.linesDone,
    membersCreated: row.membersCreated,
    membersExisting: row.membersExisting,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    progress: calculateEnrolmentProgress({ total: row.objectCount, done: row.linesDone, startedAt: row.downloadStartedAt, now }),
  };
}

/** The shop's latest enrolment, or null. */
export async function getLatestEnrolment(db: PrismaClient, shop: string, now: Date): Promise<EnrolmentSummary | null> {
  const row = await db.customerEnrolment.findFirst({ where: { shop }, orderBy: { createdAt: "desc" } });
  return row ? summaryOf(row, now) : null;
}

/**
 * Asks for an enrolment: the one under way, or a new one queued with its job (in one transaction). `trigger` is
 * "launch" (the program went live) or "merchant" (the button).
 */
export async function requestEnrolment(
  db: PrismaClient,
  input: { shop: string; trigger: "launch" | "merchant"; actor: string | null; now: Date },
): Promise<EnrolmentSummary> {
  const { shop, trigger, actor, now } = input;
  const row = await db.$transaction(async (tx) => {
    const active = await tx.customerEnrolment.findFirst({ where: { shop, status: { in: [...ACTIVE] } }, orderBy: { createdAt: "desc" } });
    if (active) return active;
    const created = await tx.customerEnrolment.create({ data: { shop, trigger, status: "queued", actor, createdAt: now } });
    await enqueueJob(tx, { shop, kind: ENROL_CUSTOMERS, dedupeKey: created.id, payload: { enrolmentId: created.id }, now });
    return created;
  });
  return summaryOf(row, now);
}

export interface EnrolmentRunOptions {
  /** Downloads the result file (default: fetch). */
  download?: (url: string) => Promise<Response>;
  chunkLines?: number;
  /** Called after each committed chunk (tests stop the job here, as a crash would). */
  afterChunk?: (linesDone: number) => void;
}

/**
 * The job: one step of the enrolment. Returns when it is done or failed, or when it has rescheduled itself to
 * look at the bulk operation again later.
 */
export async function runEnrolment(
  db: PrismaClient,
  admin: AdminGraphql,
  enrolmentId: string,
  now: Date,
  options: EnrolmentRunOptions = {},
): Promise<void> {
  const row = await db.customerEnrolment.findUnique({ where: { id: enrolmentId } });
  if (!row || row.status === "done" || row.status === "failed") return;
  const fail = (error: string) => db.customerEnrolment.update({ where: { id: row.id }, data: { status: "failed", error, completedAt: now } });
  const later = () =>
    enqueueJob(db, {
      shop: row.shop,
      kind: ENROL_CUSTOMERS,
      dedupeKey: row.id,
      payload: { enrolmentId: row.id },
      now,
      runAfter: new Date(now.getTime() + POLL_MS),
    });

  let operationId = row.bulkOperationId;
  if (!operationId) {
    const started = await startCustomersBulkQuery(admin);
    if ("error" in started) {
      await fail(`Shopify did not start reading the customers: ${started.error}`);
      return;
    }
    operationId = started.id;
    await db.customerEnrolment.update({ where: { id: row.id }, data: { status: "running", bulkOperationId: operationId, error: null } });
  }

  const operation = await getBulkOperation(admin, operationId);
  if (!operation) {
    // Shopify no longer knows it: start over (members already created stay; the insert skips them).
    await db.customerEnrolment.update({ where: { id: row.id }, data: { bulkOperationId: null, linesDone: 0, status: "running" } });
    await later();
    return;
  }
  if (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING") {
    await later();
    return;
  }
  if (operation.status !== "COMPLETED") {
    const reason = operation.errorCode ? `${operation.status.toLowerCase()} (${operation.errorCode})` : operation.status.toLowerCase();
    await fail(`Shopify's reading of the customers ${reason}: start the enrolment again`);
    return;
  }
  await db.customerEnrolment.update({
    where: { id: row.id },
    data: { status: "downloading", objectCount: operation.objectCount, downloadStartedAt: row.downloadStartedAt ?? now },
  });
  if (operation.url) {
    const response = await (options.download ?? moduleFetch)(operation.url);
    if (response.status === 403 || response.status === 404) {
      // The signed URL expired (a week after completion): read the customers again.
      await response.body?.cancel();
      await db.customerEnrolment.update({ where: { id: row.id }, data: { bulkOperationId: null, linesDone: 0, status: "running" } });
      await later();
      return;
    }
    if (!response.ok || !response.body) throw new Error(`Downloading the customers' bulk result failed: HTTP ${response.status}`);
    await readResult(db, { shop: row.shop, enrolmentId: row.id, body: response.body, skip: row.linesDone, now }, options);
  }
  await db.customerEnrolment.update({ where: { id: row.id }, data: { status: "done", completedAt: now } });
}

/** Reads the JSONL after line `skip`, a chunk per transaction. */
async function readResult(
  db: PrismaClient,
  input: { shop: string; enrolmentId: string; body: ReadableStream<Uint8Array>; skip: number; now: Date },
  options: EnrolmentRunOptions,
): Promise<void> {
  const { shop, enrolmentId, body, skip, now } = input;
  const chunkLines = options.chunkLines ?? CHUNK_LINES;
  let lineNo = 0;
  let linesDone = skip;
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    const customers = lines.map(parseCustomerLine).filter((c): c is EnrolledCustomer => c !== null);
    await transactionWithRollups(db, async (tx) => {
      const inserted = await insertMembers(tx, shop, customers, now);
      refreshCustomerRollups(tx, inserted.map((customerGid) => ({ shop, customerGid })));
      await tx.customerEnrolment.update({
        where: { id: enrolmentId },
        data: { linesDone: { increment: lines.length }, membersCreated: { increment: inserted.length }, membersExisting: { increment: customers.length - inserted.length } },
      });
    });
    linesDone += lines.length;
    options.afterChunk?.(linesDone);
  };
  const decoder = new TextDecoder();
  let carry = "";
  const reader = body.getReader();
  const take = async (line: string) => {
    if (line.trim() === "") return;
    lineNo += 1;
    if (lineNo <= skip) return;
    pending.push(line);
    if (pending.length >= chunkLines) await flush();
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    carry += decoder.decode(value, { stream: true });
    const parts = carry.split("\n");
    carry = parts.pop() ?? "";
    for (const part of parts) await take(part);
  }
  carry += decoder.decode();
  await take(carry);
  await flush();
}

type Tx = Parameters<Parameters<typeof transactionWithRollups>[1]>[0];

/** Inserts the customers who are not members yet; returns the GIDs inserted. */
async function insertMembers(tx: Tx, shop: string, customers: readonly EnrolledCustomer[], now: Date): Promise<string[]> {
  if (customers.length === 0) return [];
  const k = kyselyOf(tx);
  const unique = [...new Map(customers.map((c) => [c.customerGid, c])).values()];
  const inserted = await k
    .insertInto("Member")
    .values(unique.map((c) => ({ id: newId(), shop, customerGid: c.customerGid, email: c.email, displayName: c.displayName, createdAt: now, updatedAt: now })))
    .onConflict((oc) => oc.columns(["shop", "customerGid"]).doNothing())
    .returning("customerGid")
    .execute();
  return inserted.map((r) => r.customerGid);
}

/** The outbox handler. */
export function enrolmentJobHandler(db: PrismaClient, adminFor: (shop: string) => Promise<AdminGraphql>) {
  return async (job: { shop: string; payload: string }, { now }: { now: Date }) => {
    const { enrolmentId } = JSON.parse(job.payload) as { enrolmentId: string };
    await runEnrolment(db, await adminFor(job.shop), enrolmentId, now);
  };
}
