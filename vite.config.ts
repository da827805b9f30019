import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// The Shopify CLI sets HOST; Remix/Vite expect SHOPIFY_APP_URL. Keep them in step (as Shopify's template does).
if (process.env.HOST && (!process.env.SHOPIFY_APP_URL || process.env.SHOPIFY_APP_URL === process.env.HOST)) {
  process.env.SHOPIFY_APP_URL = process.env.HOST;
  delete process.env.HOST;
}

const port = Number(process.env.PORT || 3000);

/**
 * Resource routes (webhooks, the app proxy, CSV downloads, auth) are server code only, with no default export. The
 * Remix plugin still gives every route a client entry, so Rollup builds an empty chunk for each and warns (14 of
 * them, none actionable). The chunk is needed (Remix's manifest names every route's module) and empty is right,
 * so those warnings, and only those, are dropped: an empty chunk for any other module (a page whose client code
 * vanished) still warns. Chunk names are the route file names with `$`, `[` and `]` made `_` by Rollup.
 */
const SERVER_ONLY_ROUTE_CHUNKS = new Set(
  readdirSync(path.join("app", "routes"))
    .filter((file) => /\.[jt]sx?$/.test(file) && !/\.test\./.test(file))
    .filter((file) => !/^export default\b/m.test(readFileSync(path.join("app", "routes", file), "utf8")))
    .map((file) => file.replace(/\.[jt]sx?$/, "").replace(/[$[\]]/g, "_")),
);

export default defineConfig({
  server: {
    port,
    allowedHosts: true,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    !process.env.VITEST &&
      remix({
        ignoredRouteFiles: ["**/.*", "**/*.test.*"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: false,
          v3_routeConfig: false,
        },
      }),
    tsconfigPaths(),
  ],
  build: {
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        const chunk = warning.code === "EMPTY_BUNDLE" ? /"([^"]+)"/.exec(warning.message)?.[1] : undefined;
        if (chunk && SERVER_ONLY_ROUTE_CHUNKS.has(chunk)) return;
        warn(warning);
      },
    },
  },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
