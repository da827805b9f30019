#!/usr/bin/env node
// Builds better-sqlite3 (the one native module the app loads) for the project's own Node 24, node_modules/.bin/node
// (the `node` package, docs/decisions/013-node-24-runtime.md). Runs after every install (`postinstall`) and before
// `npm test` / `npm run local` (scripts/ensure-setup.mjs).
//
// Why: npm runs on the machine's Node (20 on a fresh Debian machine), and its build of better-sqlite3 targets that
// Node's ABI, which Node 24 refuses; prebuilt binaries come from GitHub, out of reach here. So, with Node 24 first on
// PATH, `npm rebuild better-sqlite3 --nodedir=<Node 24's headers>`. The headers are in the node-<os>-<arch> package
// the `node` package installed (node_modules/node/node_modules/…/include/node); failing that, the same package is
// fetched with `npm pack` into a cache (~/.cache/loyalty-node-headers/<version>).
//
// Idempotent: does nothing when better-sqlite3 already loads on Node 24 (a no-op costs one `node -e`).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeBin = path.join(root, "node_modules", ".bin", "node");
const LOAD = "new (require('better-sqlite3'))(':memory:').prepare('select sqlite_version() as v').get()";

function fail(message) {
  console.error(`native-rebuild: ${message}`);
  process.exit(1);
}

function loads() {
  const result = spawnSync(nodeBin, ["-e", LOAD], { cwd: root, encoding: "utf8" });
  return { ok: result.status === 0, error: (result.stderr ?? "").split("\n").find((line) => /^Error|was compiled/.test(line)) ?? result.stderr };
}

if (!existsSync(nodeBin)) {
  fail("node_modules/.bin/node is missing: the `node` package (Node 24) is not installed. Run `npm ci` (or `npm install`).");
}
const version = spawnSync(nodeBin, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout?.trim();
if (!version) fail(`${nodeBin} does not run`);
if (!existsSync(path.join(root, "node_modules", "better-sqlite3", "package.json"))) {
  console.log("native-rebuild: better-sqlite3 is not installed; nothing to build.");
  process.exit(0);
}
if (loads().ok) {
  if (process.argv.includes("--verbose")) console.log(`native-rebuild: better-sqlite3 loads on Node ${version}.`);
  process.exit(0);
}

// Node's headers for `version`.
const platform = process.platform === "win32" ? "win" : process.platform;
const binPackage = `${platform === "darwin" && process.arch === "arm64" ? "node-bin" : "node"}-${platform}-${process.arch}`;
function headersIn(dir) {
  const manifest = path.join(dir, "package.json");
  if (!existsSync(path.join(dir, "include", "node", "node_version.h")) || !existsSync(manifest)) return null;
  return JSON.parse(readFileSync(manifest, "utf8")).version === version ? dir : null;
}
let nodedir = headersIn(path.join(root, "node_modules", "node", "node_modules", binPackage)) ?? headersIn(path.join(root, "node_modules", binPackage));
if (!nodedir) {
  const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "loyalty-node-headers", version);
  nodedir = headersIn(path.join(cache, "package"));
  if (!nodedir) {
    console.log(`native-rebuild: fetching Node ${version}'s headers (npm pack ${binPackage}@${version})…`);
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(path.join(cache, "pack-"));
    try {
      const pack = spawnSync("npm", ["pack", `${binPackage}@${version}`, "--pack-destination", tmp, "--silent"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      const tarball = pack.stdout?.trim().split("\n").pop();
      if (pack.status !== 0 || !tarball) fail(`npm pack ${binPackage}@${version} failed`);
      const untar = spawnSync("tar", ["-xzf", path.join(tmp, tarball), "-C", cache, "package/package.json", "package/include"], { stdio: "inherit" });
      if (untar.status !== 0) fail(`could not extract ${tarball}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    nodedir = headersIn(path.join(cache, "package"));
    if (!nodedir) fail(`no headers for Node ${version} in ${binPackage}@${version}`);
  }
}

console.log(`native-rebuild: building better-sqlite3 for Node ${version} (headers ${path.relative(root, nodedir) || nodedir})…`);
const started = Date.now();
// Node 24 first on PATH: npm, node-gyp and the package's install script (prebuild-install, whose download fails
// offline, then node-gyp) run on it. The compiler's output is shown only when the build fails.
const env = { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ""}` };
const rebuild = spawnSync("npm", ["rebuild", "better-sqlite3", `--nodedir=${nodedir}`, "--foreground-scripts"], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
if (rebuild.status !== 0) {
  process.stderr.write(`${rebuild.stdout ?? ""}${rebuild.stderr ?? ""}`);
  fail(`npm rebuild better-sqlite3 --nodedir=${nodedir} failed (exit ${rebuild.status})`);
}
const after = loads();
if (!after.ok) fail(`better-sqlite3 still does not load on Node ${version} after the rebuild: ${after.error}`);
console.log(`native-rebuild: better-sqlite3 built for Node ${version} in ${Math.round((Date.now() - started) / 1000)}s.`);
