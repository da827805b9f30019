/**
 * The app runs on Node 24 LTS (docs/decisions/013-node-24-runtime.md). Imported first by app/entry.server.tsx, so a
 * server started on an older Node stops at once with a message that says what to do, rather than failing later in
 * some Node-24-only API or a native module built for another ABI. The test runs' global setups call it too.
 * scripts/node-version.mjs says the same for the scripts that run before any TypeScript can (scripts/local.mjs).
 */
export const REQUIRED_NODE_MAJOR = 24;

/** The message to stop with when `version` (process.versions.node, e.g. "20.19.0") is older than Node 24; else null. */
export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const major = Number.parseInt(version.replace(/^v/, "").split(".")[0] ?? "", 10);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `This app needs Node ${REQUIRED_NODE_MAJOR} LTS; you are on ${version}. Run it through npm (npm run …), which uses ` +
    `the project's Node ${REQUIRED_NODE_MAJOR} from node_modules/.bin, or install Node ${REQUIRED_NODE_MAJOR}.`
  );
}

/** Throws nodeVersionProblem()'s message when this process runs on a Node older than 24. */
export function assertSupportedNode(version: string = process.versions.node): void {
  const problem = nodeVersionProblem(version);
  if (problem) throw new Error(problem);
}

assertSupportedNode();
