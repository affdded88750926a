import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeOptions } from "../lib/options.mjs";
import { lintDraft } from "../lib/service.mjs";

const options = normalizeOptions({ token: "secret-token-123", failLevel: "warning", timeoutMs: 500 });

function fakeFetch(status, body, seen = {}) {
  return async (url, init) => {
    Object.assign(seen, { url, init });
    return { status, ok: status >= 200 && status < 300, json: async () => body };
  };
}

test("posts JSON fields with the token and the fail level", async () => {
  const seen = {};
  const answer = await lintDraft({ subject: "x" }, options,
    fakeFetch(200, { findings: [], fails: false, fail_level: "warning" }, seen));
  assert.deepEqual(answer, { ok: true, result: { findings: [], fails: false, fail_level: "warning" } });
  assert.equal(seen.url, "http://127.0.0.1:7425/v1/lint?fail_level=warning");
  assert.equal(seen.init.method, "POST");
  assert.equal(seen.init.headers.Authorization, "Bearer secret-token-123");
  assert.equal(seen.init.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(seen.init.body), { subject: "x" });
});

test("a refused token, an error answer and a strange answer", async () => {
  const unauthorized = await lintDraft({}, options, fakeFetch(401, { error: { message: "no" } }));
  assert.equal(unauthorized.kind, "unauthorized");
  assert.doesNotMatch(unauthorized.message, /secret-token-123/);
  const refused = await lintDraft({}, options, fakeFetch(413, { error: { message: "too big" } }));
  assert.deepEqual([refused.kind, refused.status], ["refused", 413]);
  assert.match(refused.message, /too big/);
  const strange = await lintDraft({}, options, fakeFetch(200, { hello: 1 }));
  assert.equal(strange.kind, "bad-answer");
});

test("unreachable and too slow", async () => {
  const down = await lintDraft({}, options, async () => { throw new TypeError("fetch failed"); });
  assert.equal(down.kind, "unreachable");
  assert.match(down.message, /mailaudit serve/);
  const slow = await lintDraft({}, options, (url, init) => new Promise((_, reject) => {
    init.signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" })));
  }));
  assert.equal(slow.kind, "unreachable");
  assert.match(slow.message, /no answer within 500 ms/);
});

test("a service that sends its headers and then stalls is cut off at the timeout", async () => {
  const stalled = await lintDraft({}, options, async () => ({
    status: 200, ok: true, json: () => new Promise(() => {}), // the body never comes
  }));
  assert.equal(stalled.kind, "unreachable");
  assert.match(stalled.message, /no answer within 500 ms/);
});

test("a fetch that ignores the abort signal is cut off at the timeout too", async () => {
  const deaf = await lintDraft({}, options, () => new Promise(() => {}));
  assert.equal(deaf.kind, "unreachable");
  assert.match(deaf.message, /no answer within 500 ms/);
});
