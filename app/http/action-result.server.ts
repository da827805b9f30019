/**
 * Admin actions answer expected failures as data: a LoyaltyError becomes `{ ok: false, error, fieldErrors }` with
 * its HTTP status (400 for invalid input), so forms show field-level messages and nothing was written.
 * Thrown Responses (authentication redirects) and unexpected errors pass through.
 */
import { json } from "@remix-run/node";
import { fieldErrorCode, type FieldErrorCode, type FieldErrorCodes } from "~/loyalty/field-error-codes";
import { httpStatusForError, isLoyaltyError, LoyaltyError, type LoyaltyErrorCode } from "~/loyalty/errors";

/**
 * `code` lets a form react to a kind of failure (CONFIRMATION_REQUIRED: show a confirm step and send `confirm`);
 * `fieldErrorCodes` says each field's error as a message key and values, for the page to word in its language.
 */
export type ActionFailure = {
  ok: false;
  error: string;
  code: LoyaltyErrorCode;
  fieldErrors: Record<string, string>;
  fieldErrorCodes?: FieldErrorCodes;
  /** The whole error as a message key and values, when it is about no one field. */
  messageCode?: FieldErrorCode;
};

export async function answerAction<T extends object>(work: () => Promise<T>) {
  try {
    return json({ ok: true as const, ...(await work()) });
  } catch (error) {
    if (!isLoyaltyError(error)) throw error;
    const failure: ActionFailure = {
      ok: false,
      error: error.message,
      code: error.code,
      fieldErrors: error.fieldErrors ?? {},
      fieldErrorCodes: error.fieldErrorCodes ?? {},
      ...(error.messageCode ? { messageCode: error.messageCode } : {}),
    };
    return json(failure, { status: httpStatusForError(error.code) });
  }
}

/** Reads a JSON form field, or fails as invalid input naming the field. */
export function jsonField(form: FormData, name: string): unknown {
  const raw = form.get(name);
  try {
    return JSON.parse(typeof raw === "string" ? raw : "");
  } catch {
    throw new LoyaltyError("INVALID_INPUT", `The ${name} field is not valid JSON`, {
      fieldErrors: { [name]: "Not valid JSON" },
      fieldErrorCodes: { [name]: fieldErrorCode("invalidJson") },
    });
  }
}
