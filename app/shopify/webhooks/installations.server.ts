/**
 * Which shops have the app, answered from memory for the webhook routes (no database read per delivery).
 *
 * Rules:
 * - A shop is installed while it has an offline session (token exchange stores it on the first admin load; the
 *   library refreshes it; app/uninstalled deletes it).
 * - app/uninstalled records the uninstall (ShopInstallation.uninstalledAt): the compliance topics, which Shopify
 *   may send afterwards, are accepted for such a shop; nothing else is.
 * - Answers are cached per process: a yes for 5 minutes (an uninstall on another instance is seen within that
 *   time; Shopify stops sending a shop's order topics at uninstall anyway), a no for 10 seconds (a shop installed
 *   on another instance is seen at the latest on Shopify's next retry). The uninstall handler forgets its shop at
 *   once in its own process.
 */
import type { PrismaClient } from "@prisma/client";

export type InstallationState = "installed" | "uninstalled" | "unknown";

const INSTALLED_TTL_MS = 5 * 60 * 1000;
const NOT_INSTALLED_TTL_MS = 10 * 1000;

const cache = new Map<string, { state: InstallationState; until: number }>();

export async function getInstallationState(db: PrismaClient, shop: string, now = Date.now()): Promise<InstallationState> {
  const cached = cache.get(shop);
  if (cached && cached.until > now) return cached.state;
  const state = await readInstallationState(db, shop);
  cache.set(shop, { state, until: now + (state === "installed" ? INSTALLED_TTL_MS : NOT_INSTALLED_TTL_MS) });
  return state;
}

async function readInstallationState(db: PrismaClient, shop: string): Promise<InstallationState> {
  const session = await db.session.findFirst({ where: { shop, isOnline: false }, select: { id: true } });
  if (session) return "installed";
  const record = await db.shopInstallation.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return record?.uninstalledAt ? "uninstalled" : "unknown";
}

/** Records app/uninstalled (idempotent: the first uninstall time is kept) and forgets the cached answer. */
export async function recordUninstall(db: PrismaClient, shop: string, now: Date): Promise<void> {
  await db.shopInstallation.upsert({
    where: { shop },
    create: { shop, installedAt: now, uninstalledAt: now },
    update: { uninstalledAt: now },
  });
  cache.delete(shop);
}

/** Forgets every cached answer (tests reset the database under it; a shop/redact forgets its shop). */
export function forgetInstallations(shop?: string): void {
  if (shop) cache.delete(shop);
  else cache.clear();
}
