/**
 * The built app the end-to-end suite runs: `build/` (what `npm run build` makes), rebuilt when any source is newer,
 * then copied into the run's own directory so the app serves a build nobody else can replace mid-run (other
 * engineers and the benchmarks rebuild `build/` in the same checkout; the app server reads `build/client` relative
 * to its working directory, which is the run directory).
 *
 * Rules:
 * - Fresh = `build/server/index.js` is newer than every file under app/ and the build's configuration; otherwise
 *   `remix vite:build` runs (about 10 s), without the test runner's environment (VITEST turns the Remix plugin off
 *   in vite.config.ts, NODE_ENV=test would change the bundle).
 * - The copy is checked: every `/assets/…` file the server manifest names must be in it. A copy taken while
 *   another process was rebuilding fails that check and is retried after a build of our own.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const BUILD = path.join(ROOT, "build");
const SERVER_ENTRY = path.join(BUILD, "server", "index.js");
/** What the build is made from besides app/ (package-lock.json: a dependency upgrade changes the bundle). */
const BUILD_INPUTS = ["vite.config.ts", "tsconfig.json", "package-lock.json", "env.d.ts"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Why `build/` cannot be used as it is, or null when it is fresh. */
export function staleBuildReason(): string | null {
  if (!existsSync(SERVER_ENTRY)) return "no build/server/index.js";
  const built = statSync(SERVER_ENTRY).mtimeMs;
  const sources = Math.max(newestMtime(path.join(ROOT, "app")), ...BUILD_INPUTS.map((file) => newestMtime(path.join(ROOT, file))));
  return sources > built ? "sources changed since the last build" : null;
}

/** The test runner's variables removed: the build and the app run as they would from a shell. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === "NODE_ENV" || name === "TEST" || name.startsWith("VITEST")) continue;
    env[name] = value;
  }
  // (ProcessEnv is declared with a NODE_ENV that the build's environment deliberately lacks.)
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

export async function buildApp(): Promise<void> {
  const cli = path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js");
  const output: string[] = [];
  const child = spawn(process.execPath, [cli, "vite:build"], { cwd: ROOT, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`remix vite:build failed (exit ${code}):\n${output.join("").slice(-4000)}`);
}

/** Asset files the server build's manifest refers to that are not in `dir`/client. */
function missingAssets(dir: string): string[] {
  const entry = path.join(dir, "server", "index.js");
  if (!existsSync(entry)) return ["server/index.js"];
  const assets = new Set(readFileSync(entry, "utf8").match(/\/assets\/[\w.-]+\.(?:js|css)/g) ?? []);
  if (assets.size === 0) return ["(no assets named in the server manifest)"];
  return [...assets].filter((asset) => !existsSync(path.join(dir, "client", asset)));
}

/**
 * Makes sure a fresh build exists and copies it to `<runDir>/build`. Returns how it was obtained, for the log.
 */
export async function prepareAppBuild(runDir: string): Promise<string> {
  const target = path.join(runDir, "build");
  let how = "reused build/";
  for (let attempt = 1; ; attempt++) {
    const stale = staleBuildReason();
    if (stale) {
      how = `built (${stale})`;
      await buildApp();
    }
    rmSync(target, { recursive: true, force: true });
    let missing: string[];
    try {
      cpSync(BUILD, target, { recursive: true });
      missing = missingAssets(target);
    } catch (error) {
      // build/ emptied under us by another build (vite clears its output directory first).
      missing = [`build/ (${error instanceof Error ? error.message : String(error)})`];
    }
    if (missing.length === 0) return how;
    if (attempt >= 3) throw new Error(`The copied build is incomplete (another build running?): missing ${missing.slice(0, 5).join(", ")}`);
    // A concurrent rebuild replaced files under us: build ourselves and copy again.
    await buildApp();
    how = "built (the copy of build/ was incomplete)";
  }
}
