/**
 * The dev store's shops, kept in memory and persisted one JSON file per shop (`<dataDir>/<shop>.json`), so a
 * restarted dev store has the same catalog, customers, metafields the app wrote, discounts, orders and the
 * tokens it issued (the app's stored session keeps working).
 *
 * Rules:
 * - A shop is created, seeded with the demo catalog, the first time it is asked for.
 * - Every change is written right away (write to a temp file, then rename: a crash never leaves half a file).
 * - Every Admin API operation is logged to the console when it was refused as invalid (the app sent something the
 *   real API would reject: a bug to fix), and to `operations` of the shop's endpoint either way.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FinishedBulkOperation, RecordedOperation } from "./admin-api";
import { seedShop } from "./seed";
import { DevShop, type DevShopSnapshot } from "./shop";

export interface DevStoreStateOptions {
  /** Where shops are saved; null keeps them in memory only (tests). */
  dataDir: string | null;
  appId: string;
  now?: () => number;
  log?: (line: string) => void;
  /** Told when a shop's bulk operation finishes or expires (the server sends `bulk_operations/finish`). */
  onBulkFinish?: (shop: DevShop, operation: FinishedBulkOperation) => void;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export class DevStoreState {
  private readonly shops = new Map<string, DevShop>();

  constructor(private readonly options: DevStoreStateOptions) {
    if (options.dataDir && existsSync(options.dataDir)) {
      for (const file of readdirSync(options.dataDir)) {
        if (!file.endsWith(".myshopify.com.json")) continue;
        const snapshot = JSON.parse(readFileSync(path.join(options.dataDir, file), "utf8")) as DevShopSnapshot;
        if (snapshot.version !== 1) throw new Error(`${file}: unknown dev store data version ${String(snapshot.version)}`);
        this.shops.set(snapshot.domain, this.open(snapshot));
      }
    }
  }

  static isShopDomain(domain: string): boolean {
    return SHOP_DOMAIN.test(domain);
  }

  /** The shop, created and seeded on first use. */
  shop(domain: string): DevShop {
    const existing = this.shops.get(domain);
    if (existing) return existing;
    if (!DevStoreState.isShopDomain(domain)) throw new Error(`Not a shop domain: "${domain}"`);
    const shop = this.open(seedShop(domain));
    this.shops.set(domain, shop);
    this.save(shop);
    this.options.log?.(`[devstore] ${domain}: created with the demo catalog`);
    return shop;
  }

  /** The shop if it exists (never creates one). */
  find(domain: string): DevShop | undefined {
    return this.shops.get(domain);
  }

  all(): DevShop[] {
    return [...this.shops.values()];
  }

  save(shop: DevShop): void {
    const dir = this.options.dataDir;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${shop.domain}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(shop.toJSON(), null, 1));
    renameSync(`${file}.tmp`, file);
  }

  private open(snapshot: DevShopSnapshot): DevShop {
    return new DevShop(snapshot, {
      appId: this.options.appId,
      ...(this.options.now ? { now: this.options.now } : {}),
      onOperation: (shop, operation, changed) => this.onOperation(shop, operation, changed),
      ...(this.options.onBulkFinish ? { onBulkFinish: this.options.onBulkFinish } : {}),
    });
  }

  private onOperation(shop: DevShop, operation: RecordedOperation, changedState: boolean): void {
    const name = operation.name ?? operation.operationName ?? "(anonymous)";
    if (operation.outcome === "invalid") {
      this.options.log?.(
        `[devstore] ${shop.domain}: REJECTED invalid Admin API operation ${name}: ${(operation.errors ?? []).join("; ")}`,
      );
    } else if (operation.outcome !== "ok") {
      this.options.log?.(`[devstore] ${shop.domain}: Admin API ${name} → ${operation.outcome}`);
    }
    // Tokens change on use too (last use, retired refresh tokens): save after every authorized call that changed
    // data, and after the first use of a token.
    if (changedState || operation.outcome === "ok") this.save(shop);
  }
}
