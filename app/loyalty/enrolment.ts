/**
 * Enrolling the shop's existing customers (docs/decisions/027-enrol-existing-customers.md): the pure part.
 *
 * Rules:
 * - A line of the bulk result becomes a member when it is a top-level Customer object (`gid://shopify/Customer/<n>`,
 *   no `__parentId`); anything else is skipped, never guessed at. Only what members already hold is kept: the GID,
 *   the email (trimmed, null when empty) and a display name from the first and last names (as customers/create).
 * - Enrolment gives no points: the signup bonus rewards customers who sign up once the program runs, not the
 *   customers the shop already had (a bonus to the whole customer base would be a cost the merchant did not choose).
 * - Progress: lines read over the operation's object count; the ETA extrapolates the rate since the download began,
 *   and is null until there is a rate to extrapolate.
 */

export interface EnrolledCustomer {
  customerGid: string;
  email: string | null;
  displayName: string | null;
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;

/** One JSONL line of the customers' bulk query as a customer to enrol, or null when it is not one. */
export function parseCustomerLine(line: string): EnrolledCustomer | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || "__parentId" in value) return null;
  const record = value as { id?: unknown; firstName?: unknown; lastName?: unknown; defaultEmailAddress?: { emailAddress?: unknown } | null };
  if (typeof record.id !== "string" || !CUSTOMER_GID.test(record.id)) return null;
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
  const name = [text(record.firstName), text(record.lastName)].filter(Boolean).join(" ");
  return { customerGid: record.id, email: text(record.defaultEmailAddress?.emailAddress), displayName: name || null };
}

export interface EnrolmentProgress {
  /** 0..100, null while the total is unknown. */
  percent: number | null;
  /** Seconds left, null until there is a rate. */
  etaSeconds: number | null;
}

export function calculateEnrolmentProgress(input: { total: number | null; done: number; startedAt: Date | null; now: Date }): EnrolmentProgress {
  const { total, done, startedAt, now } = input;
  if (total === null) return { percent: null, etaSeconds: null };
  if (total === 0) return { percent: 100, etaSeconds: 0 };
  const percent = Math.min(100, Math.floor((done / total) * 100));
  const elapsed = startedAt ? (now.getTime() - startedAt.getTime()) / 1000 : 0;
  if (done >= total) return { percent, etaSeconds: 0 };
  if (done === 0 || elapsed <= 0) return { percent, etaSeconds: null };
  return { percent, etaSeconds: Math.ceil(((total - done) * elapsed) / done) };
}
