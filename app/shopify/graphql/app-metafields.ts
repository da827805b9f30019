/**
 * The shop-wide facts the storefront banner reads: an app-data metafield (owner: the app's installation), which
 * Liquid in the theme app extension reads as `app.metafields.loyalty.program.value` and no other app can read or
 * overwrite (docs/decisions/031-on-site-reminders-and-mirrors.md).
 *
 * Rules:
 * - One value, `loyalty.program` (json), rewritten whole by the outbox after any program or reward change.
 * - userErrors are thrown (ShopifyUserError), so the outbox retries a refused write instead of passing it for synced.
 */
import type { ProgramFactsJson } from "~/loyalty/reminders";
import type { AdminGraphql } from "../admin-graphql.server";
import { throwIfUserErrors } from "../errors";
import { METAFIELDS_SET, type MetafieldsSetResult } from "./metafields";

export const PROGRAM_FACTS_NAMESPACE = "loyalty";
export const PROGRAM_FACTS_KEY = "program";

export const CURRENT_APP_INSTALLATION = `#graphql
  query CurrentAppInstallation {
    currentAppInstallation { id }
  }
`;

interface CurrentAppInstallationResult {
  currentAppInstallation: { id: string };
}

/** Writes the program facts to the app installation's `loyalty.program` metafield. */
export async function syncProgramFacts(admin: AdminGraphql, facts: ProgramFactsJson): Promise<void> {
  const { currentAppInstallation } = await admin<CurrentAppInstallationResult>(CURRENT_APP_INSTALLATION, {});
  const set = await admin<MetafieldsSetResult>(METAFIELDS_SET, {
    metafields: [
      {
        ownerId: currentAppInstallation.id,
        namespace: PROGRAM_FACTS_NAMESPACE,
        key: PROGRAM_FACTS_KEY,
        type: "json",
        value: JSON.stringify(facts),
      },
    ],
  });
  throwIfUserErrors("metafieldsSet", set.metafieldsSet?.userErrors);
}
