import type { LoaderFunctionArgs } from "@remix-run/node";
import { addDocumentResponseHeaders } from "~/shopify.server";
import { requireAdmin } from "~/shopify/admin-auth.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  try {
    await requireAdmin(request);
  } catch (thrown) {
    // The library answers /auth/session-token (the bounce page) and /auth/exit-iframe with pages of its own, which
    // Remix sends as they are: give them the app's document headers too, so an admin origin the environment allows
    // (ADR 006) may frame them like every other page. Without that setting the headers are the library's.
    if (thrown instanceof Response && thrown.headers.get("Content-Type")?.startsWith("text/html")) {
      addDocumentResponseHeaders(request, thrown.headers);
    }
    throw thrown;
  }
  return null;
};
