/**
 * A shopper's browser on the local storefront: Chromium (./browser.ts), a storefront server (./server.ts) whose app
 * proxy forwards to `proxy`, and pages rendered from the theme extension (./liquid.ts) and opened in a tab.
 * What the storefront browser tests (through ./harness.ts, which adds vitest's hooks and end-of-test checks) and
 * the storefront bench (bench/storefront-weight.ts) share. No vitest here.
 */
import type { Page } from "playwright-core";
import { launchChromium, type LaunchedBrowser } from "./browser";
import { renderPage, type PageOptions } from "./liquid";
import { startStorefrontServer, type ForwardedProxyRequest, type ProxyHandler, type StorefrontServer } from "./server";

export interface OpenOptions {
  /** Path (and query) to open; default "/pages/rewards". */
  url?: string;
  /** Customer of the storefront session the proxy sees (default: the page's customer); null: signed out. */
  session?: string | null;
  /**
   * Keep the server and the tab already open (the same visit going on: the proxy requests recorded so far stay);
   * by default each `open` starts a new server in a new tab.
   */
  reuse?: boolean;
  /** Runs once the tab and the server exist, before the page loads (routes, init scripts, holding the proxy). */
  beforeLoad?: (page: Page, server: StorefrontServer) => Promise<unknown> | void;
  /** What `goto` waits for (default "load"). */
  waitUntil?: "load" | "domcontentloaded" | "networkidle";
}

export class StorefrontSession {
  private launched: LaunchedBrowser | undefined;
  /** The current server and tab (undefined before the first `open`). */
  server: StorefrontServer | undefined;
  page: Page | undefined;
  /** Errors of the servers closed so far and uncaught errors of the pages opened, since the last `end()`. */
  private serverErrors: unknown[] = [];
  private pageErrors: string[] = [];

  constructor(private readonly proxy: ProxyHandler) {}

  async launch(): Promise<void> {
    this.launched = await launchChromium();
  }

  get browser(): LaunchedBrowser {
    if (!this.launched) throw new Error("The storefront browser is not launched yet");
    return this.launched;
  }

  /** Renders a page, serves it (signed in as `options.session`, by default the page's customer) and opens it. */
  async open(pageOptions: PageOptions, options: OpenOptions = {}): Promise<Page> {
    const url = options.url ?? "/pages/rewards";
    const pathname = url.split("?")[0] ?? url;
    const session = options.session === undefined ? (pageOptions.customer?.id ?? null) : options.session;
    if (!options.reuse) await this.closeServer();
    const server = this.server ?? (await startStorefrontServer({ proxy: this.proxy }));
    this.server = server;
    server.setPage(pathname, { html: await renderPage(pageOptions), customerId: session });
    await this.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    const page = this.page ?? (await this.newTab());
    await options.beforeLoad?.(page, server);
    await page.goto(server.origin + url, { waitUntil: options.waitUntil ?? "load" });
    return page;
  }

  /** Closes the current tab and opens a new one (the server, and what it recorded, stay). */
  async newTab(): Promise<Page> {
    await this.page?.close();
    const page = await this.browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (error) => this.pageErrors.push(error.stack ?? error.message));
    this.page = page;
    return page;
  }

  /** The app proxy requests the current server forwarded to `/proxy<path>` (e.g. "/proxy/account"). */
  calls(path: string): ForwardedProxyRequest[] {
    return (this.server?.proxyRequests ?? []).filter((request) => new URL(request.appUrl).pathname === path);
  }

  /** Closes the tab and the server; answers what went wrong since the last `end()` (each list empty when all went well). */
  async end(): Promise<{ serverErrors: unknown[]; pageErrors: string[] }> {
    await this.closeServer();
    const ended = { serverErrors: this.serverErrors, pageErrors: this.pageErrors };
    this.serverErrors = [];
    this.pageErrors = [];
    return ended;
  }

  async close(): Promise<void> {
    await this.end();
    await this.launched?.close();
    this.launched = undefined;
  }

  private async closeServer(): Promise<void> {
    await this.page?.close();
    this.page = undefined;
    if (!this.server) return;
    this.serverErrors.push(...this.server.errors);
    await this.server.close();
    this.server = undefined;
  }
}
