/**
 * Row ids for rows the hot paths insert without the ORM (Prisma fills `@default(cuid())` itself, on the client).
 * The same shape as Prisma's cuid: "c", the time, a per-process counter and randomness, all base 36, 25 characters.
 * Ids made in one process sort by creation (the counter breaks ties within a millisecond), like cuids.
 */
import { randomBytes } from "node:crypto";

let counter = 0;

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0");
  const random = BigInt(`0x${randomBytes(8).toString("hex")}`).toString(36).padStart(12, "0").slice(-12);
  return `c${time}${counter.toString(36).padStart(4, "0")}${random}`;
}
