/**
 * The shop's Shopify Flow trigger settings: which triggers are on (and since when), and the days the scheduled
 * triggers use (docs/decisions/030-flow-triggers.md).
 *
 * Rules:
 * - A trigger is on when `enabled` names it, with the time it was switched on; saving keeps that time for a trigger
 *   left on, so history is never replayed: only ledger changes at or after it fire.
 * - Switching a scheduled trigger on queues the shop's daily Flow job now; the job reschedules itself while one is on.
 */
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  FLOW_TRIGGER_IDS,
  FLOW_TRIGGERS,
  isFlowTrigger,
  MAX_AT_RISK_DAYS,
  MAX_BIRTHDAY_DAYS,
  MAX_EXPIRING_DAYS,
  MIN_AT_RISK_DAYS,
  MIN_BIRTHDAY_DAYS,
  MIN_EXPIRING_DAYS,
  SCHEDULED_TRIGGERS,
  type FlowTrigger,
} from "../flow-events";
import { enqueueJob, enqueueProgramFactsSync } from "./outbox.server";

export const FLOW_DAILY = "flow-daily";
export const DEFAULT_EXPIRING_DAYS = 14;
export const DEFAULT_AT_RISK_DAYS = 120;
export const DEFAULT_BIRTHDAY_DAYS = 7;

export interface FlowSettingsView {
  enabledSince: Partial<Record<FlowTrigger, Date>>;
  expiringDays: number;
  atRiskDays: number;
  /** Birthday coming: fired this many shop days before (0 = on the day). */
  birthdayDays: number;
}

function parseEnabled(json: string): Partial<Record<FlowTrigger, Date>> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const enabled: Partial<Record<FlowTrigger, Date>> = {};
  for (const [trigger, since] of Object.entries(raw)) {
    if (isFlowTrigger(trigger) && typeof since === "string" && !Number.isNaN(Date.parse(since))) enabled[trigger] = new Date(since);
  }
  return enabled;
}

export async function getFlowSettings(db: Pick<PrismaClient, "flowSettings">, shop: string): Promise<FlowSettingsView> {
  const row = await db.flowSettings.findUnique({ where: { shop } });
  if (!row) return { enabledSince: {}, expiringDays: DEFAULT_EXPIRING_DAYS, atRiskDays: DEFAULT_AT_RISK_DAYS, birthdayDays: DEFAULT_BIRTHDAY_DAYS };
  return { enabledSince: parseEnabled(row.enabled), expiringDays: row.expiringDays, atRiskDays: row.atRiskDays, birthdayDays: row.birthdayDays };
}

/** What the settings form sends: the triggers switched on and the day counts (birthday's optional: kept when not sent). */
export const flowSettingsSchema = z.object({
  on: z.array(z.enum(FLOW_TRIGGER_IDS as [FlowTrigger, ...FlowTrigger[]])).max(FLOW_TRIGGER_IDS.length),
  expiringDays: z.coerce.number().int().min(MIN_EXPIRING_DAYS).max(MAX_EXPIRING_DAYS),
  atRiskDays: z.coerce.number().int().min(MIN_AT_RISK_DAYS).max(MAX_AT_RISK_DAYS),
  birthdayDays: z.coerce.number().int().min(MIN_BIRTHDAY_DAYS).max(MAX_BIRTHDAY_DAYS).optional(),
});

export type FlowSettingsInput = z.output<typeof flowSettingsSchema>;

export async function saveFlowSettings(db: PrismaClient, shop: string, input: FlowSettingsInput, now: Date): Promise<FlowSettingsView> {
  return db.$transaction(async (tx) => {
    const before = await getFlowSettings(tx, shop);
    const enabled: Record<string, string> = {};
    for (const trigger of new Set(input.on)) enabled[trigger] = (before.enabledSince[trigger] ?? now).toISOString();
    const data = { enabled: JSON.stringify(enabled), expiringDays: input.expiringDays, atRiskDays: input.atRiskDays, birthdayDays: input.birthdayDays ?? before.birthdayDays };
    await tx.flowSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    const scheduledOn = SCHEDULED_TRIGGERS.some((trigger) => trigger in enabled);
    const scheduledWasOn = SCHEDULED_TRIGGERS.some((trigger) => before.enabledSince[trigger] !== undefined);
    if (scheduledOn && !scheduledWasOn) await enqueueJob(tx, { shop, kind: FLOW_DAILY, dedupeKey: shop, payload: {}, now });
    // "Birthday coming" reads the birthdays members give: the storefront asks for them while it is on (program facts).
    await enqueueProgramFactsSync(tx, shop, now);
    return { enabledSince: parseEnabled(data.enabled), expiringDays: data.expiringDays, atRiskDays: data.atRiskDays, birthdayDays: data.birthdayDays };
  });
}

export interface FlowTriggerRow {
  trigger: FlowTrigger;
  handle: string;
  on: boolean;
  /** ISO time it was switched on, when on. */
  since: string | null;
  sent: number;
  /** Stored and not sent yet (waiting, retrying, or refused: see `refused`). */
  waiting: number;
  /** Refused for good (payload over the limit, or Shopify refused it MAX_SEND_ATTEMPTS times). */
  refused: number;
}

/** The Flow page: each trigger with its switch and what it sent. */
export async function getFlowPage(db: PrismaClient, shop: string, maxSendAttempts: number) {
  const settings = await getFlowSettings(db, shop);
  const [sent, unsent, refused] = await Promise.all([
    db.flowEvent.groupBy({ by: ["trigger"], where: { shop, sentAt: { not: null } }, _count: { _all: true } }),
    db.flowEvent.groupBy({ by: ["trigger"], where: { shop, sentAt: null, attempts: { lt: maxSendAttempts } }, _count: { _all: true } }),
    db.flowEvent.groupBy({ by: ["trigger"], where: { shop, sentAt: null, attempts: { gte: maxSendAttempts } }, _count: { _all: true } }),
  ]);
  const count = (rows: { trigger: string; _count: { _all: number } }[], trigger: string) => rows.find((row) => row.trigger === trigger)?._count._all ?? 0;
  const triggers: FlowTriggerRow[] = FLOW_TRIGGER_IDS.map((trigger) => ({
    trigger,
    handle: FLOW_TRIGGERS[trigger],
    on: settings.enabledSince[trigger] !== undefined,
    since: settings.enabledSince[trigger]?.toISOString() ?? null,
    sent: count(sent, trigger),
    waiting: count(unsent, trigger),
    refused: count(refused, trigger),
  }));
  return { triggers, expiringDays: settings.expiringDays, atRiskDays: settings.atRiskDays, birthdayDays: settings.birthdayDays };
}
