// Extension options: where the local mailaudit service is and how to use it.
// The service URL must be loopback: the token must never travel off this machine.

export const DEFAULTS = Object.freeze({
  serviceUrl: "http://127.0.0.1:7425",
  token: "",
  failLevel: "", // "" = the service's own [lint] fail_level
  onError: "ask", // service unreachable or refusing: ask | send | block
  timeoutMs: 5000,
});

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const LEVELS = new Set(["", "info", "warning", "error"]);
const ON_ERROR = new Set(["ask", "send", "block"]);

// Returns the URL without a trailing slash, or throws an Error saying what is wrong.
export function checkServiceUrl(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    throw new Error(`not a URL: ${text}`);
  }
  if (url.protocol !== "http:") throw new Error("use http:// (the service listens on loopback only)");
  if (!LOOPBACK.has(url.hostname)) throw new Error("the service URL must be 127.0.0.1, localhost or [::1]");
  if (url.username || url.password || url.search || url.hash) throw new Error("no user, query or fragment in the service URL");
  return url.origin + url.pathname.replace(/\/+$/, "");
}

// Stored values (possibly old or partial) -> complete, valid options.
export function normalizeOptions(stored = {}) {
  const options = { ...DEFAULTS };
  if (typeof stored.serviceUrl === "string" && stored.serviceUrl.trim()) {
    options.serviceUrl = checkServiceUrl(stored.serviceUrl);
  }
  if (typeof stored.token === "string") options.token = stored.token.trim();
  if (LEVELS.has(stored.failLevel)) options.failLevel = stored.failLevel;
  if (ON_ERROR.has(stored.onError)) options.onError = stored.onError;
  const timeout = Number(stored.timeoutMs);
  if (Number.isFinite(timeout) && timeout >= 500 && timeout <= 60000) options.timeoutMs = timeout;
  return options;
}
