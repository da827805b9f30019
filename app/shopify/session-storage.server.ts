/**
 * Session storage that never lets an older offline token overwrite a newer one.
 *
 * Why: with expiring offline tokens, every token exchange or refresh issues a new access token, and Shopify retires
 * the earlier ones once the new one is used. Two exchanges racing (an embedded app's parallel loaders on install,
 * or two app instances) could store the older token last: the row then holds a token that dies as soon as the newer
 * one is used, and every Admin API call answers 401 from then on.
 *
 * Rules:
 * - An offline session with an access token is stored unless the stored one holds a different access token that
 *   expires later (a later expiry = issued later: every expiring token lives the same hour). The loser's request
 *   still uses its own token for itself (valid until the newer one is first used); only the row keeps the newest.
 * - Everything else (online sessions, the same token stored again, invalidation, tokens without expiry) is stored
 *   as given. Load, delete and find are passed through.
 * - Expiry is computed by the library when Shopify's answer arrives, so two answers arriving out of order across
 *   instances can still pick the older token: a 401 then sends background code through one re-read/refresh and
 *   retry (./admin-graphql.server.ts), and within one process the exchange is single-flight (./admin-auth.server.ts).
 */
import type { Session } from "@shopify/shopify-api";

/** A session whose token expires within this is treated as expired (the library's WITHIN_MILLISECONDS_OF_EXPIRY). */
export const USABLE_FOR_MS = 5 * 60 * 1000;

/** The storage interface shopify-app-remix's `sessionStorage` option takes. */
export interface AppSessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

export class NewestTokenWinsStorage implements AppSessionStorage {
  constructor(private readonly inner: AppSessionStorage) {}

  async storeSession(session: Session): Promise<boolean> {
    if (!session.isOnline && session.accessToken && session.expires) {
      const stored = await this.inner.loadSession(session.id);
      if (stored?.accessToken && stored.accessToken !== session.accessToken && stored.expires && stored.expires > session.expires) {
        return true;
      }
    }
    return this.inner.storeSession(session);
  }

  loadSession(id: string): Promise<Session | undefined> {
    return this.inner.loadSession(id);
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  deleteSessions(ids: string[]): Promise<boolean> {
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
