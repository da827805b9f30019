/**
 * CSV resource routes: a file downloaded as an attachment (text/csv, UTF-8), never cached, by the members, reports
 * and insights exports alike. Invalid settings (a bad range, an unknown option) answer like an admin action: the
 * LoyaltyError as `{ ok: false, error, fieldErrors }` with its status, and no file.
 */
import { json } from "@remix-run/node";
import { httpStatusForError, isLoyaltyError } from "~/loyalty/errors";
import { CSV_CONTENT_TYPE } from "~/loyalty/csv";

export interface CsvFile {
  filename: string;
  body: string | ReadableStream<Uint8Array>;
}

export function csvResponse({ filename, body }: CsvFile): Response {
  return new Response(body, {
    headers: {
      "Content-Type": CSV_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export async function answerCsv(build: () => Promise<CsvFile>): Promise<Response> {
  try {
    return csvResponse(await build());
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    return json({ ok: false, error: error.message, fieldErrors: error.fieldErrors ?? {} }, { status: httpStatusForError(error.code) });
  }
}
