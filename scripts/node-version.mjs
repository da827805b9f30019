// The Node 24 check of app/runtime-check.server.ts, for the scripts that run before TypeScript can
// (scripts/local.mjs): same rule, same message (a unit test holds them together).
// docs/decisions/013-node-24-runtime.md
export const REQUIRED_NODE_MAJOR = 24;

/** @param {string} [version] process.versions.node @returns {string | null} */
export function nodeVersionProblem(version = process.versions.node) {
  const major = Number.parseInt(version.replace(/^v/, "").split(".")[0] ?? "", 10);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `This app needs Node ${REQUIRED_NODE_MAJOR} LTS; you are on ${version}. Run it through npm (npm run …), which uses ` +
    `the project's Node ${REQUIRED_NODE_MAJOR} from node_modules/.bin, or install Node ${REQUIRED_NODE_MAJOR}.`
  );
}
