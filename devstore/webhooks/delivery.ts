/**
 * Delivers the dev store's events to the app as Shopify delivers webhooks.
 *
 * Rules:
 * - One delivery per subscription of the topic in shopify.app.toml (`POST <app url><uri>`); a topic the app does
 *   not subscribe to is logged as "no-subscription" and not sent.
 * - Headers: X-Shopify-Topic, -Shop-Domain, -API-Version (the toml's webhooks api_version), -Webhook-Id (the same
 *   on every retry of a delivery), -Event-Id (the same for every delivery of one event), -Triggered-At, and
 *   -Hmac-Sha256 = base64 HMAC-SHA256 of the exact body bytes with the app secret.
 * - A delivery that does not get a 2xx within the timeout is retried with the same webhook id and body, after each
 *   of `retryDelaysMs` (Shopify retries 8 times over 4 hours; the dev store retries sooner, fewer times).
 * - Options, to show exactly-once behaviour: `duplicate` sends a delivery a second time once the first is
 *   answered ("same-id": the same webhook id, as after a lost acknowledgement; "new-id": a new webhook id for the
 *   same event); `outOfOrder` holds the event's deliveries back until after the next event's deliveries (or
 *   `flush`), so e.g. a refund can arrive before the payment it refunds.
 * - Deliveries of one shop go out one at a time, in order.
 */
import { randomUUID } from "node:crypto";
import { subscriptionsFor, type AppConfig } from "../app-config";
import type { ShopEvent } from "../commerce";
import type { DevShop, DeliveryRecord } from "../shop";
import { webhookHmac } from "../signing";
import { toRawJson } from "./examples";

/** How the dev store reaches the app: global fetch to the app URL, or the app's route modules in-process (tests). */
export type AppFetch = (request: Request) => Promise<Response>;

export interface DeliveryOptions {
  duplicate?: "same-id" | "new-id";
  outOfOrder?: boolean;
}

export interface WebhookDeliveryOptions {
  appUrl: string;
  secret: string;
  app: AppConfig;
  fetch: AppFetch;
  retryDelaysMs?: number[];
  timeoutMs?: number;
  /** Called whenever a shop's delivery log changed (to persist it). */
  onChange: (shop: DevShop) => void;
  log?: (line: string) => void;
}

export class WebhookDelivery {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: WebhookDeliveryOptions) {}

  /**
   * Records and sends the events' deliveries; resolves, once each was answered (or failed) for the first time, with
   * every delivery this caused in the order they went out (duplicates and released held ones included).
   */
  send(shop: DevShop, events: ShopEvent[], options: DeliveryOptions = {}): Promise<DeliveryRecord[]> {
    return this.serial(shop, async () => {
      const now = new Date().toISOString();
      const records: DeliveryRecord[] = [];
      for (const event of events) {
        const eventId = randomUUID();
        const body = toRawJson(event.payload);
        const uris = subscriptionsFor(this.options.app, event.topic);
        if (uris.length === 0) {
          records.push(this.record(shop, { topic: event.topic, uri: null, eventId, body, now, state: "no-subscription" }));
          continue;
        }
        for (const uri of uris) {
          const state = options.outOfOrder ? "held" : "delivering";
          const record = this.record(shop, { topic: event.topic, uri, eventId, body, now, state });
          if (options.outOfOrder) record.note = "held for out-of-order delivery";
          records.push(record);
        }
      }
      this.options.onChange(shop);
      if (options.outOfOrder) return records;

      const held = shop.deliveries.filter((d) => d.state === "held");
      const touched = records.filter((r) => r.state === "no-subscription");
      for (const record of records.filter((r) => r.state === "delivering")) {
        await this.attempt(shop, record);
        touched.push(record);
        if (options.duplicate) touched.push(await this.duplicate(shop, record, options.duplicate));
      }
      for (const record of held) {
        record.state = "delivering";
        record.note = "held, delivered after a later event (out of order)";
        await this.attempt(shop, record);
        touched.push(record);
      }
      return touched;
    });
  }

  /** Delivers every held delivery of the shop now. */
  flush(shop: DevShop): Promise<DeliveryRecord[]> {
    return this.serial(shop, async () => {
      const held = shop.deliveries.filter((d) => d.state === "held");
      for (const record of held) {
        record.state = "delivering";
        record.note = "held, delivered on flush";
        await this.attempt(shop, record);
      }
      return held;
    });
  }

  /** Sends an earlier delivery again by its webhook id (a manual "resend" in the admin's webhook log). */
  resend(shop: DevShop, webhookId: string): Promise<DeliveryRecord> {
    return this.serial(shop, async () => {
      const original = shop.deliveries.find((d) => d.webhookId === webhookId && d.uri !== null);
      if (!original) throw new Error(`No delivery ${webhookId}`);
      const copy = this.record(shop, { ...original, now: new Date().toISOString(), state: "delivering" });
      copy.webhookId = original.webhookId;
      copy.note = "resent by hand (same webhook id)";
      await this.attempt(shop, copy);
      return copy;
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async duplicate(shop: DevShop, original: DeliveryRecord, mode: "same-id" | "new-id"): Promise<DeliveryRecord> {
    const copy = this.record(shop, { ...original, now: new Date().toISOString(), state: "delivering" });
    if (mode === "same-id") copy.webhookId = original.webhookId;
    copy.note = mode === "same-id" ? "duplicate (same webhook id)" : "duplicate (new webhook id, same event)";
    await this.attempt(shop, copy);
    return copy;
  }

  private record(
    shop: DevShop,
    spec: { topic: string; uri: string | null; eventId: string; body: string; now: string; state: DeliveryRecord["state"] },
  ): DeliveryRecord {
    const record: DeliveryRecord = {
      webhookId: randomUUID(),
      eventId: spec.eventId,
      topic: spec.topic,
      uri: spec.uri,
      createdAt: spec.now,
      triggeredAt: spec.now,
      state: spec.state,
      attempts: [],
      body: spec.body,
    };
    shop.recordDelivery(record);
    return record;
  }

  private async attempt(shop: DevShop, record: DeliveryRecord, retry = 0): Promise<void> {
    if (record.uri === null) return;
    const started = Date.now();
    const url = new URL(record.uri, this.options.appUrl).toString();
    const request = new Request(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": record.topic,
        "X-Shopify-Shop-Domain": shop.domain,
        "X-Shopify-API-Version": this.options.app.webhooksApiVersion,
        "X-Shopify-Webhook-Id": record.webhookId,
        "X-Shopify-Event-Id": record.eventId,
        "X-Shopify-Triggered-At": record.triggeredAt,
        "X-Shopify-Hmac-Sha256": webhookHmac(record.body, this.options.secret),
        "User-Agent": "Shopify-Captain-Hook",
      },
      body: record.body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await this.options.fetch(request);
      status = response.status;
      if (status < 200 || status >= 300) error = (await response.text()).slice(0, 300) || `HTTP ${status}`;
      else await response.arrayBuffer();
    } catch (thrown) {
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    }
    record.attempts.push({ at: new Date(started).toISOString(), status, ms: Date.now() - started, ...(error ? { error } : {}) });
    const ok = status !== null && status >= 200 && status < 300;
    record.state = ok ? "delivered" : "failed";
    this.options.log?.(
      `[devstore] ${shop.domain}: webhook ${record.topic} ${record.webhookId.slice(0, 8)} → ${status ?? "no answer"}` +
        `${record.note ? ` (${record.note})` : ""}${error && !ok ? `: ${error}` : ""}`,
    );
    this.options.onChange(shop);
    const delays = this.options.retryDelaysMs ?? [1000, 5000, 15000];
    const delay = delays[retry];
    if (!ok && delay !== undefined && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.serial(shop, () => this.attempt(shop, record, retry + 1));
      }, delay);
      timer.unref();
      this.timers.add(timer);
    }
  }

  private serial<T>(shop: DevShop, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(shop.domain) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.queues.set(
      shop.domain,
      next.catch(() => undefined),
    );
    return next;
  }
}
