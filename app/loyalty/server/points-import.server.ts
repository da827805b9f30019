/**
 * Points import (docs/decisions/021-points-import.md): a dry run that checks and matches every row of a file and
 * stores the result, then — only once the merchant confirms — an outbox job that writes the valid rows as
 * `import` ledger entries through the ledger writer's set-based path.
 *
 * Rules:
 * - The dry run writes only the PointsImport and its rows (status `preview`): no ledger entry, no member, no job.
 * - Matching is against the shop's members: a customer id by its GID, an email by the member's stored email
 *   (case-insensitive). A customer who is not a member, a redacted member, or an email shared by several members
 *   is an `unknown_customer` row error. Rows that reach the same member through different keys are duplicates.
 * - Confirming moves `preview` → `queued` once and queues one job (kind IMPORT_POINTS, keyed by the import): a
 *   second confirm (double click, a retry) changes nothing.
 * - The job writes the valid rows in row order, CHUNK_ROWS per transaction; each transaction also advances the
 *   import's progress (`importedRows`, `importedPoints`, `cursorRow`), so a job resumed after a crash starts after
 *   the last committed chunk. Each entry's key is `import:<import id>:<row>`: a chunk written twice writes nothing
 *   the second time, and the ledger writer moves balances by exactly what it wrote.
 */
import type { PrismaClient } from "@prisma/client";
import { integerResult } from "~/db/dialect.server";
import { chunked, kyselyOf } from "~/db/kysely.server";
import { LoyaltyError } from "../errors";
import {
  explainImportEntry,
  importEntryKey,
  isImportSource,
  markDuplicateRows,
  parseImportFile,
  type ColumnMapping,
  type ImportRow,
  type ImportSource,
} from "../points-import";
import { importRowDetail, readImportRowDetail, type ImportRowDetail } from "../points-import-messages";
import { appendBalanceEntries } from "./ledger.server";
import { enqueueJob } from "./outbox.server";
import { getShopProgram } from "./program.server";
import { transactionWithRollups } from "./rollups.server";

/** The outbox job that writes a confirmed import. */
export const IMPORT_POINTS = "import-points";
/** Rows written per transaction: large enough to amortize the statements, small enough to keep the write lock short. */
export const CHUNK_ROWS = 5000;
/** A chunk's transaction on a busy machine: longer than the app's 10 s default, never unbounded. */
const CHUNK_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };
/** Rows per page of the preview. */
export const PREVIEW_PAGE_SIZE = 50;

export type ImportStatus = "preview" | "queued" | "running" | "done" | "failed";

export interface PointsImportSummary {
  id: string;
  fileName: string;
  source: ImportSource;
  mapping: ColumnMapping;
  status: ImportStatus;
  totalRows: number;
  validRows: number;
  errorRows: number;
  skippedRows: number;
  validPoints: number;
  importedRows: number;
  importedPoints: number;
  createdAt: string;
  confirmedAt: string | null;
  completedAt: string | null;
}

export interface PreviewInput {
  shop: string;
  fileName: string;
  bytes: Uint8Array;
  /** "auto": the app the columns point to. */
  source: ImportSource | "auto";
  mapping?: ColumnMapping;
  actor: string;
  now: Date;
}

interface MemberKey {
  id: string;
  customerGid: string;
  redacted: boolean;
}

/** Reads, checks and matches the file; stores the dry run. Throws a LoyaltyError (400) for a file error. */
export async function previewPointsImport(db: PrismaClient, input: PreviewInput): Promise<PointsImportSummary> {
  const parsed = parseImportFile(input.bytes, { mapping: input.mapping });
  const source = input.source === "auto" ? parsed.detectedSource : input.source;
  const matched = await matchRows(db, input.shop, parsed.rows);
  const rows = markDuplicateRows(matched, (row) => row.memberId);
  const count = (status: ImportRow["status"]) => rows.filter((row) => row.status === status).length;
  const validPoints = rows.reduce((sum, row) => (row.status === "valid" ? sum + row.points : sum), 0);
  const id = `imp${input.now.getTime().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  await db.$transaction(async (tx) => {
    const kt = kyselyOf(tx);
    await kt
      .insertInto("PointsImport")
      .values({
        id,
        shop: input.shop,
        fileName: input.fileName.slice(0, 200),
        source,
        mapping: JSON.stringify(parsed.mapping),
        status: "preview",
        totalRows: rows.length,
        validRows: count("valid"),
        errorRows: count("error"),
        skippedRows: count("skipped"),
        validPoints,
        actor: input.actor,
        createdAt: input.now,
      })
      .execute();
    for (const chunk of chunked(rows, 12)) {
      await kt
        .insertInto("PointsImportRow")
        .values(
          chunk.map((row) => ({
            importId: id,
            shop: input.shop,
            row: row.row,
            keyKind: row.keyKind,
            keyValue: row.keyValue.slice(0, 320),
            memberId: row.memberId,
            customerGid: row.customerGid,
            points: row.points,
            lifetime: row.lifetime,
            tier: row.tier,
            status: row.status,
            errorCode: row.errorCode,
            error: row.error,
            errorDetail: row.errorDetail ? JSON.stringify(row.errorDetail) : null,
          })),
        )
        .execute();
    }
  });
  const summary = await getPointsImport(db, input.shop, id);
  if (!summary) throw new Error(`Import ${id} was not stored`);
  return summary;
}

type MatchedRow = ImportRow & { memberId: string | null; customerGid: string | null };

async function matchRows(db: PrismaClient, shop: string, rows: readonly ImportRow[]): Promise<MatchedRow[]> {
  const k = kyselyOf(db);
  const byGid = new Map<string, MemberKey>();
  const gids = [...new Set(rows.filter((r) => r.keyKind === "customerId" && r.status !== "error").map((r) => r.keyValue))];
  for (const chunk of chunked(gids, 2)) {
    const found = await k.selectFrom("Member").select(["id", "customerGid", "redactedAt"]).where("shop", "=", shop).where("customerGid", "in", chunk).execute();
    for (const m of found) byGid.set(m.customerGid, { id: m.id, customerGid: m.customerGid, redacted: m.redactedAt !== null });
  }
  const byEmail = new Map<string, MemberKey[]>();
  if (rows.some((r) => r.keyKind === "email" && r.status !== "error")) {
    // One pass over the shop's members with an email: an index on lower(email) would serve only this screen.
    const found = await k.selectFrom("Member").select(["id", "customerGid", "email"]).where("shop", "=", shop).where("email", "is not", null).where("redactedAt", "is", null).execute();
    for (const m of found) {
      const email = (m.email ?? "").trim().toLowerCase();
      byEmail.set(email, [...(byEmail.get(email) ?? []), { id: m.id, customerGid: m.customerGid, redacted: false }]);
    }
  }
  return rows.map((row): MatchedRow => {
    const unmatched = { ...row, memberId: null, customerGid: null };
    if (row.status === "error") return unmatched;
    const unknown = (message: string, detail: ImportRowDetail): MatchedRow => ({ ...unmatched, status: "error", errorCode: "unknown_customer", error: message, errorDetail: detail });
    if (row.keyKind === "customerId") {
      const member = byGid.get(row.keyValue);
      const id = row.keyValue.replace("gid://shopify/Customer/", "");
      if (!member) return unknown(`Unknown customer: customer ${id} is not a member of your program yet`, importRowDetail("customerNotMember", { id }));
      if (member.redacted) return unknown(`Unknown customer: customer ${id}'s data was erased at the shop's request`, importRowDetail("customerErased", { id }));
      return { ...row, memberId: member.id, customerGid: member.customerGid };
    }
    const email = row.keyValue;
    const members = byEmail.get(email) ?? [];
    if (members.length === 0) return unknown(`Unknown customer: no member has the email ${email}`, importRowDetail("emailNotMember", { email }));
    if (members.length > 1) {
      return unknown(`Unknown customer: ${members.length} members have the email ${email}; use their customer ids`, importRowDetail("emailShared", { email, members: members.length }));
    }
    const [member] = members as [MemberKey];
    return { ...row, memberId: member.id, customerGid: member.customerGid };
  });
}

/** The import of this shop, or null. */
export async function getPointsImport(db: PrismaClient, shop: string, id: string): Promise<PointsImportSummary | null> {
  const row = await db.pointsImport.findFirst({ where: { id, shop } });
  if (!row) return null;
  const mapping = JSON.parse(row.mapping) as ColumnMapping;
  return {
    id: row.id,
    fileName: row.fileName,
    source: isImportSource(row.source) ? row.source : "other",
    mapping,
    status: row.status as ImportStatus,
    totalRows: row.totalRows,
    validRows: row.validRows,
    errorRows: row.errorRows,
    skippedRows: row.skippedRows,
    validPoints: integerResult(row.validPoints, "Import points"),
    importedRows: row.importedRows,
    importedPoints: integerResult(row.importedPoints, "Imported points"),
    createdAt: row.createdAt.toISOString(),
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

export async function requirePointsImport(db: PrismaClient, shop: string, id: string): Promise<PointsImportSummary> {
  const found = await getPointsImport(db, shop, id);
  if (!found) throw new LoyaltyError("INVALID_INPUT", "This import does not exist in your shop");
  return found;
}

/** The shop's latest imports, newest first. */
export async function listPointsImports(db: PrismaClient, shop: string, take = 20): Promise<PointsImportSummary[]> {
  const rows = await db.pointsImport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take, select: { id: true } });
  const found = await Promise.all(rows.map((row) => getPointsImport(db, shop, row.id)));
  return found.filter((s): s is PointsImportSummary => s !== null);
}

export type RowFilter = "all" | "error" | "valid" | "skipped";

export interface PreviewRow {
  row: number;
  keyKind: string | null;
  keyValue: string;
  points: number;
  lifetime: number | null;
  tier: string | null;
  status: string;
  errorCode: string | null;
  /** The English sentence: shown as it is when the row has no detail (rows stored before details existed). */
  error: string | null;
  /** The reason as a message key and values, worded by the page in the admin's language. */
  errorDetail: ImportRowDetail | null;
}

/** One page of an import's rows, in row order (errors only, valid only, …). */
export async function listImportRows(
  db: PrismaClient,
  importId: string,
  { filter, page }: { filter: RowFilter; page: number },
): Promise<{ rows: PreviewRow[]; total: number; page: number; pages: number }> {
  const where = { importId, ...(filter === "all" ? {} : { status: filter }) };
  const total = await db.pointsImportRow.count({ where });
  const pages = Math.max(1, Math.ceil(total / PREVIEW_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db.pointsImportRow.findMany({ where, orderBy: { row: "asc" }, skip: (current - 1) * PREVIEW_PAGE_SIZE, take: PREVIEW_PAGE_SIZE });
  return {
    total,
    page: current,
    pages,
    rows: rows.map((r) => ({
      row: r.row,
      keyKind: r.keyKind,
      keyValue: r.keyValue,
      points: integerResult(r.points, "Import row points"),
      lifetime: r.lifetime === null ? null : integerResult(r.lifetime, "Import row lifetime"),
      tier: r.tier,
      status: r.status,
      errorCode: r.errorCode,
      error: r.error,
      errorDetail: readImportRowDetail(r.errorDetail),
    })),
  };
}

/** Confirms a dry run: queues the job that writes its valid rows. Confirming again changes nothing. */
export async function confirmPointsImport(db: PrismaClient, input: { shop: string; importId: string; actor: string; now: Date }): Promise<PointsImportSummary> {
  const { shop, importId, actor, now } = input;
  await requirePointsImport(db, shop, importId);
  await db.$transaction(async (tx) => {
    const moved = await tx.pointsImport.updateMany({ where: { id: importId, shop, status: "preview" }, data: { status: "queued", confirmedAt: now, actor } });
    if (moved.count === 1) await enqueueJob(tx, { shop, kind: IMPORT_POINTS, dedupeKey: importId, payload: { importId }, now });
  });
  return requirePointsImport(db, shop, importId);
}

/**
 * The job: writes the confirmed import's valid rows after `cursorRow`, a chunk per transaction, then marks it
 * done. Safe to run again at any point (a crash, a second worker): keys and the cursor make every row count once.
 */
export async function runPointsImport(db: PrismaClient, importId: string, now: Date): Promise<void> {
  const started = await db.pointsImport.findUnique({ where: { id: importId } });
  if (!started || started.status === "preview" || started.status === "done") return;
  const source: ImportSource = isImportSource(started.source) ? started.source : "other";
  const confirmedAt = started.confirmedAt ?? now;
  if (started.status !== "running") await db.pointsImport.update({ where: { id: importId }, data: { status: "running" } });
  const program = await getShopProgram(db, started.shop);
  const k = kyselyOf(db);
  for (;;) {
    const progress = await db.pointsImport.findUniqueOrThrow({ where: { id: importId }, select: { cursorRow: true } });
    const rows = await k
      .selectFrom("PointsImportRow")
      .select(["row", "memberId", "customerGid", "points", "lifetime", "tier"])
      .where("importId", "=", importId)
      .where("status", "=", "valid")
      .where("row", ">", progress.cursorRow)
      .orderBy("row")
      .limit(CHUNK_ROWS)
      .execute();
    const last = rows[rows.length - 1];
    if (!last) break;
    await transactionWithRollups(db, async (tx) => {
      const { written } = await appendBalanceEntries(
        tx,
        rows.map((r) => {
          const points = integerResult(r.points, "Import row points");
          if (!r.memberId || !r.customerGid) throw new Error(`Import ${importId} row ${r.row} is valid without a member`);
          return {
            memberId: r.memberId,
            customerGid: r.customerGid,
            type: "import" as const,
            points,
            idempotencyKey: importEntryKey(importId, r.row),
            explanation: explainImportEntry(source, confirmedAt, program.timezone, points),
            breakdown: { reason: "import", importId, row: r.row, source, lifetime: r.lifetime === null ? null : integerResult(r.lifetime), tier: r.tier },
            actor: started.actor,
          };
        }),
        { now, program },
      );
      await tx.pointsImport.update({
        where: { id: importId },
        data: {
          cursorRow: last.row,
          importedRows: { increment: written.length },
          importedPoints: { increment: written.reduce((sum, e) => sum + e.points, 0) },
        },
      });
    }, CHUNK_TRANSACTION);
  }
  await db.pointsImport.update({ where: { id: importId }, data: { status: "done", completedAt: now } });
}
