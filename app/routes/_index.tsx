import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** Shopify opens the app at /?shop=…: send embedded traffic to the admin app, anyone else gets a short note. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui", padding: "2rem" }}>
      <h1>Loyalty &amp; Rewards</h1>
      <p>Install this app from your Shopify admin to run a points program.</p>
    </main>
  );
}
