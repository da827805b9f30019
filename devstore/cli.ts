/**
 * `npm run devstore:event -- <event> [options]`: makes something happen in the running dev store, which sends the
 * app its signed webhooks (the dev store must be running: `npm run local`).
 *
 *   npm run devstore:event -- order-paid --customer 3 --items 2
 *   npm run devstore:event -- order-paid --customer 3 --products 101:1,106:2 --code LOYALTY-AB12CD
 *   npm run devstore:event -- refund --order last [--lines 5001:1]
 *   npm run devstore:event -- cancel --order 1002 [--refund]
 *   npm run devstore:event -- customer-create --first Ann --last Lee [--email ann@example.com]
 *   npm run devstore:event -- order-paid --customer 2 --out-of-order   (held until the next event, or `flush`)
 *   npm run devstore:event -- pay --order last --duplicate [same-id|new-id]
 *   npm run devstore:event -- flush
 *   npm run devstore:event -- seed-history [--customers 2000] [--days 730]   (two years of past orders, no webhooks)
 *   npm run devstore:event -- customer-update --customer 3 --marketing subscribed   (customers/update)
 *   npm run devstore:event -- clock --advance 1d | --to 2027-03-01 | --reset   (the dev store's and the app's clock)
 *   npm run devstore:event -- birth-date --customer 3 --date 1990-04-12   (facts.birth_date as the admin sets it; customers/update)
 *   npm run devstore:event -- referral-order --customer 8 --code FRIEND-XXXXXXXXXX [--ref CODE] [--browser-ip IP]   (devstore/referral-events.ts)
 *   npm run devstore:event -- flow-action give-reward --customer 3 --reward "Free shipping" [--run ID]   (devstore/flow-action.ts)
 *
 * --shop <domain> (default DEVSTORE_SHOP or demo.myshopify.com), --devstore <origin> (default
 * http://127.0.0.1:$DEVSTORE_PORT). Events and options: devstore/events.ts.
 */
import { existsSync } from "node:fs";
import { EVENT_TYPES, type EventInput } from "./events";
import { sendFlowAction } from "./flow-action";

const BOOLEAN_FLAGS = new Set(["refund", "out-of-order", "reset"]);
const RENAMED: Record<string, keyof EventInput> = {
  first: "firstName",
  "first-name": "firstName",
  last: "lastName",
  "last-name": "lastName",
  "out-of-order": "outOfOrder",
  "browser-ip": "browserIp",
};

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(`usage: npm run devstore:event -- <${EVENT_TYPES.join("|")}> [--customer N|guest] [--items N] [--products id:qty,…]
       [--code CODE] [--order N|last] [--lines lineId:qty,…] [--refund] [--first NAME --last NAME --email E]
       [--marketing subscribed|unsubscribed] [--advance 1d|36h --to DATE --reset] [--date YYYY-MM-DD] [--ref CODE --browser-ip IP]
       [--duplicate [same-id|new-id]] [--out-of-order] [--shop demo.myshopify.com] [--devstore http://127.0.0.1:4000]`);
  process.exit(2);
}

function parseEventArgs(argv: string[]): { input: EventInput; shop: string | null; devstore: string | null } {
  const [type, ...rest] = argv;
  if (!type || type.startsWith("-")) usage("Which event?");
  const input: EventInput = { type };
  let shop: string | null = null;
  let devstore: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (!arg.startsWith("--")) usage(`Unexpected argument "${arg}"`);
    const [rawName = "", inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const next = rest[i + 1];
    let value: string | boolean;
    if (inline !== undefined) value = inline;
    else if (BOOLEAN_FLAGS.has(rawName)) value = true;
    else if (rawName === "duplicate") {
      value = next === "same-id" || next === "new-id" ? next : true;
      if (value !== true) i++;
    } else {
      if (next === undefined || next.startsWith("--")) usage(`--${rawName} needs a value`);
      value = next;
      i++;
    }
    if (rawName === "shop") shop = String(value);
    else if (rawName === "devstore") devstore = String(value);
    else {
      const key = RENAMED[rawName] ?? rawName;
      (input as unknown as Record<string, string | boolean>)[key] = value;
    }
  }
  return { input, shop, devstore };
}

async function main() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  if (process.argv[2] === "flow-action") return void (process.exitCode = await sendFlowAction(process.argv.slice(3), process.env.DEVSTORE_SHOP ?? "demo.myshopify.com"));
  const { input, shop, devstore } = parseEventArgs(process.argv.slice(2));
  const origin = devstore ?? `http://127.0.0.1:${process.env.DEVSTORE_PORT ?? 4000}`;
  const domain = shop ?? process.env.DEVSTORE_SHOP ?? "demo.myshopify.com";
  let response: Response;
  try {
    response = await fetch(`${origin}/devstore/api/shops/${domain}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(input),
    });
  } catch {
    console.error(`The dev store does not answer at ${origin}: start it with npm run local`);
    process.exit(1);
  }
  const body = (await response.json()) as {
    message?: string;
    error?: string;
    order?: { number: number; lines: { id: string; title: string; quantity: number }[] } | null;
    deliveries?: { topic: string; webhookId: string; state: string; note: string | null; attempts: { status: number | null; error?: string }[] }[];
  };
  if (!response.ok) {
    console.error(body.error ?? `The dev store answered ${response.status}`);
    process.exit(1);
  }
  console.log(body.message);
  if (body.order) {
    for (const line of body.order.lines) console.log(`  line ${line.id}: ${line.quantity} × ${line.title}`);
  }
  for (const d of body.deliveries ?? []) {
    const last = d.attempts.at(-1);
    const outcome = last ? `${last.status ?? "no answer"}${last.error ? ` ${last.error.slice(0, 120)}` : ""}` : "";
    console.log(`  ${d.topic.padEnd(18)} ${d.webhookId}  ${d.state}${outcome ? ` (${outcome})` : ""}${d.note ? ` — ${d.note}` : ""}`);
  }
  if ((body.deliveries ?? []).some((d) => d.state === "failed")) process.exitCode = 1;
}

await main();
