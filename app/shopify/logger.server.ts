/**
 * The Shopify library's logger (`shopifyApp({ logger })`): every line it prints goes through `redactSecrets`, and
 * lines it prints for every request are debug, not info.
 *
 * Rules:
 * - LOG_LEVEL (`error` | `warning` | `info` | `debug`; default `info`) is the least severe level printed.
 *   Anything else is refused at start-up rather than silently ignored.
 * - Per-request lines ("Authenticating admin request", "… app proxy request", "… webhook request") are demoted to
 *   debug: at info they were hundreds of lines a minute saying nothing.
 * - Redaction happens for every level, debug included (the library's debug lines carry the session token).
 * - Errors and warnings go to stderr (console.error / console.warn), as the library's default does.
 */
import { LogSeverity } from "@shopify/shopify-api";
import { redactSecrets } from "~/http/redact.mjs";

const LEVELS: Record<string, LogSeverity> = {
  error: LogSeverity.Error,
  warning: LogSeverity.Warning,
  warn: LogSeverity.Warning,
  info: LogSeverity.Info,
  debug: LogSeverity.Debug,
};

export function logLevelFrom(value: string | undefined): LogSeverity {
  if (value === undefined || value.trim() === "") return LogSeverity.Info;
  const level = LEVELS[value.trim().toLowerCase()];
  if (level === undefined) throw new Error(`LOG_LEVEL must be error, warning, info or debug, not "${value}"`);
  return level;
}

const PER_REQUEST = /\] Authenticating [a-z ]+ request(?: \||$)/;

/** The severity a library line is printed at: per-request lines are debug. */
export function severityOf(severity: LogSeverity, line: string): LogSeverity {
  return severity === LogSeverity.Info && PER_REQUEST.test(line) ? LogSeverity.Debug : severity;
}

export function createShopifyLogger(level: LogSeverity) {
  return {
    level,
    log(severity: LogSeverity, line: string): void {
      const effective = severityOf(severity, line);
      if (effective > level) return;
      const text = redactSecrets(effective === severity ? line : line.replace("/INFO] ", "/DEBUG] "));
      if (effective === LogSeverity.Error) console.error(text);
      else if (effective === LogSeverity.Warning) console.warn(text);
      else if (effective === LogSeverity.Info) console.info(text);
      else console.debug(text);
    },
  };
}
