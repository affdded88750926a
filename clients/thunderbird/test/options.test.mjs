import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULTS, checkServiceUrl, normalizeOptions } from "../lib/options.mjs";

test("defaults when nothing is stored", () => {
  assert.deepEqual(normalizeOptions({}), { ...DEFAULTS });
});

test("loopback URLs only, without trailing slash", () => {
  assert.equal(checkServiceUrl("http://127.0.0.1:7425/"), "http://127.0.0.1:7425");
  assert.equal(checkServiceUrl(" http://localhost:9000 "), "http://localhost:9000");
  assert.equal(checkServiceUrl("http://[::1]:7425"), "http://[::1]:7425");
  assert.throws(() => checkServiceUrl("http://192.168.1.5:7425"), /127.0.0.1, localhost/);
  assert.throws(() => checkServiceUrl("https://127.0.0.1:7425"), /use http/);
  assert.throws(() => checkServiceUrl("http://127.0.0.1:7425/?t=1"), /no user, query/);
  assert.throws(() => checkServiceUrl("not a url"), /not a URL/);
});

test("bad stored values fall back, good ones are kept", () => {
  const options = normalizeOptions({ token: " abc ", failLevel: "loud", onError: "block", timeoutMs: 10 });
  assert.equal(options.token, "abc");
  assert.equal(options.failLevel, "");
  assert.equal(options.onError, "block");
  assert.equal(options.timeoutMs, DEFAULTS.timeoutMs);
  assert.equal(normalizeOptions({ failLevel: "warning" }).failLevel, "warning");
});
