/**
 * `flowTriggerReceive` in the fake Admin API (test fake and dev store): records each call so tests and the dev store
 * can see which Flow triggers the app fired, and refuses what Shopify would refuse.
 *
 * Rules (modelled; the exact userError texts of a live store were not captured here):
 * - The handle must be one of the app's `flow_trigger` extensions (extensions/*\/shopify.extension.toml).
 * - The payload must be a JSON object of at most FLOW_TRIGGER_PAYLOAD_LIMIT bytes (Flow's documented 50 KB), whose
 *   keys are the trigger's field keys (plus `customer_id` for its customer reference, which it requires); an integer
 *   field needs an integer, a decimal field a finite number, a date_time field an ISO date.
 * - A refused call answers userErrors and is recorded as refused: nothing "runs".
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseToml } from "../app-config";
import type { ShopState } from "./state";

export const FLOW_TRIGGER_PAYLOAD_LIMIT = 50_000;

export interface FlowTriggerDefinition {
  handle: string;
  name: string;
  customerReference: boolean;
  fields: Map<string, string>;
}

export interface FlowTriggerCall {
  handle: string;
  payload: unknown;
  bytes: number;
  at: string;
  accepted: boolean;
  userErrors: { field: string[] | null; message: string }[];
}

let definitions: Map<string, FlowTriggerDefinition> | null = null;

/** The app's trigger extensions, read once from extensions/ (as `shopify app deploy` would publish them). */
export function flowTriggerDefinitions(root = process.cwd()): Map<string, FlowTriggerDefinition> {
  if (definitions) return definitions;
  const found = new Map<string, FlowTriggerDefinition>();
  const dir = path.join(root, "extensions");
  for (const name of readdirSync(dir)) {
    let source: string;
    try {
      source = readFileSync(path.join(dir, name, "shopify.extension.toml"), "utf8");
    } catch {
      continue;
    }
    // Only trigger extensions are read (the dev store's TOML reader does not know every other extension's tables).
    if (!/^\s*type\s*=\s*"flow_trigger"\s*$/m.test(source)) continue;
    const toml = parseToml(source) as { extensions?: { type?: unknown; handle?: unknown; name?: unknown }[]; settings?: { fields?: { type?: unknown; key?: unknown }[] } };
    const extension = toml.extensions?.[0];
    if (extension?.type !== "flow_trigger" || typeof extension.handle !== "string") continue;
    const fields = new Map<string, string>();
    let customerReference = false;
    for (const field of toml.settings?.fields ?? []) {
      if (field.type === "customer_reference") customerReference = true;
      else if (typeof field.key === "string" && typeof field.type === "string") fields.set(field.key, field.type);
    }
    found.set(extension.handle, { handle: extension.handle, name: String(extension.name ?? extension.handle), customerReference, fields });
  }
  definitions = found;
  return found;
}

const calls = new WeakMap<ShopState, FlowTriggerCall[]>();

/** The calls recorded for a store, oldest first. */
export function flowTriggerCalls(state: ShopState): FlowTriggerCall[] {
  let list = calls.get(state);
  if (!list) {
    list = [];
    calls.set(state, list);
  }
  return list;
}

function problemsOf(handle: string | null | undefined, payload: unknown): { field: string[] | null; message: string }[] {
  const definition = handle ? flowTriggerDefinitions().get(handle) : undefined;
  if (!definition) return [{ field: ["handle"], message: `Could not find a trigger with handle '${handle ?? ""}'` }];
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return [{ field: ["payload"], message: "Payload must be a JSON object" }];
  const bytes = Buffer.byteLength(JSON.stringify(payload), "utf8");
  if (bytes > FLOW_TRIGGER_PAYLOAD_LIMIT) {
    return [{ field: ["payload"], message: `Payload is ${bytes} bytes; the limit is ${FLOW_TRIGGER_PAYLOAD_LIMIT}` }];
  }
  const problems: { field: string[] | null; message: string }[] = [];
  const values = payload as Record<string, unknown>;
  if (definition.customerReference && !/^\d+$/.test(String(values.customer_id ?? ""))) {
    problems.push({ field: ["payload", "customer_id"], message: "customer_id is required and must be a customer id" });
  }
  for (const [key, value] of Object.entries(values)) {
    if (key === "customer_id" && definition.customerReference) continue;
    const type = definition.fields.get(key);
    if (!type) problems.push({ field: ["payload", key], message: `'${key}' is not a field of trigger '${definition.handle}'` });
    else if (type === "number_integer" && !Number.isSafeInteger(value)) problems.push({ field: ["payload", key], message: `'${key}' must be an integer` });
    else if (type === "number_decimal" && (typeof value !== "number" || !Number.isFinite(value))) problems.push({ field: ["payload", key], message: `'${key}' must be a number` });
    else if (type === "date_time" && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) problems.push({ field: ["payload", key], message: `'${key}' must be a date and time` });
    else if (type.endsWith("text_field") && typeof value !== "string") problems.push({ field: ["payload", key], message: `'${key}' must be text` });
  }
  return problems;
}

/** The Mutation field, spread into the resolvers' root value. */
export function flowRootValue(state: ShopState, context: { now: string }) {
  return {
    flowTriggerReceive: ({ handle, payload }: { handle?: string | null; payload?: unknown }) => {
      const userErrors = problemsOf(handle, payload);
      flowTriggerCalls(state).push({
        handle: handle ?? "",
        payload,
        bytes: Buffer.byteLength(JSON.stringify(payload ?? null), "utf8"),
        at: context.now,
        accepted: userErrors.length === 0,
        userErrors,
      });
      return { userErrors };
    },
  };
}
