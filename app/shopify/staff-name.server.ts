/**
 * The name of the staff member who is using the admin, for the ledger's record of a manual adjustment
 * (docs/decisions/024-staff-names-from-online-tokens.md).
 *
 * Rules:
 * - The app holds offline tokens, so `authenticate.admin` knows the staff member only by the session token's `sub`
 *   (a user id). Shopify names the user in one place open to every app on every plan: the online access token's
 *   `associated_user` (first and last name), which token exchange returns for the same session token. The
 *   `staffMember(id:)` Admin query would need `read_users`, which Shopify grants only to apps on Plus/Advanced
 *   stores on request: not used.
 * - The online token itself is not kept or used: only the name is read from the answer. Nothing here logs a token.
 * - The user Shopify answers for must be the session token's user (`associated_user.id` = `sub`); otherwise, or
 *   when Shopify does not answer in time, answers an error or gives no name, the answer is null and the adjustment
 *   is recorded with the id alone (the name is a courtesy, never a reason to refuse a credit). Failures are logged
 *   at warn with the status only.
 */
import { abstractFetch } from "@shopify/shopify-api/runtime";
// The fetch Shopify's library calls the token endpoint with (Node's own, which its node adapter captured when
// ~/shopify.server was loaded, before any caller could reach this): Remix's installGlobals() replaces
// globalThis.fetch with one that bypasses the network layer the library's requests go through.

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";
/** A manual adjustment waits at most this long for the name. */
export const STAFF_NAME_TIMEOUT_MS = 3_000;

export interface StaffNameRequest {
  shop: string;
  /** The raw session token (JWT) the admin sent. */
  sessionToken: string;
  /** Its `sub`: the user the name must belong to. */
  userId: string;
}

/** "Jo Lee" from an online token's `associated_user`, or null (see the module rules). */
export function staffNameOf(answer: unknown, userId: string): string | null {
  const user = (answer as { associated_user?: { id?: unknown; first_name?: unknown; last_name?: unknown } } | null)?.associated_user;
  if (!user || String(user.id) !== userId) return null;
  const parts = [user.first_name, user.last_name].filter((part): part is string => typeof part === "string" && part.trim() !== "").map((part) => part.trim());
  const name = parts.join(" ").slice(0, 200);
  return name === "" ? null : name;
}

export async function fetchStaffName({ shop, sessionToken, userId }: StaffNameRequest): Promise<string | null> {
  try {
    const response = await abstractFetch(`https://${shop}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: process.env.SHOPIFY_API_KEY,
        client_secret: process.env.SHOPIFY_API_SECRET,
        grant_type: TOKEN_EXCHANGE,
        subject_token: sessionToken,
        subject_token_type: ID_TOKEN,
        requested_token_type: ONLINE_TOKEN,
      }),
      signal: AbortSignal.timeout(STAFF_NAME_TIMEOUT_MS),
    });
    if (!response.ok) {
      console.warn(`[staff name] ${shop}: Shopify answered ${response.status}; the adjustment names staff member ${userId} by id`);
      return null;
    }
    return staffNameOf(await response.json(), userId);
  } catch (error) {
    console.warn(`[staff name] ${shop}: no answer (${error instanceof Error ? error.name : "error"}); the adjustment names staff member ${userId} by id`);
    return null;
  }
}
