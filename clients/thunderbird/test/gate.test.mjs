import assert from "node:assert/strict";
import { test } from "node:test";
import { createGate } from "../lib/gate.mjs";

const DETAILS = { to: ["han@example.com"], subject: "Q3", plainTextBody: "Please see attached.", isPlainText: true };

function setup({ status = 200, answer, stored = { token: "t0ken-0123456789" }, sendAnyway = false } = {}) {
  const asked = [];
  const requests = [];
  const gate = createGate({
    loadOptions: async () => stored,
    listAttachments: async (tabId) => (tabId === 7 ? [{ name: "q3.xlsx", size: 10 }] : []),
    ask: async (question) => { asked.push(question); return sendAnyway; },
    fetch: async (url, init) => {
      requests.push(JSON.parse(init.body));
      if (status === 0) throw new TypeError("fetch failed");
      return { status, ok: status === 200, json: async () => answer };
    },
  });
  return { gate, asked, requests };
}

const FAILS = { fails: true, fail_level: "error", failing_rules: ["attachment-forgotten"], findings: [{ rule: "attachment-forgotten", level: "error", message: "m", part: "body" }] };
const CLEAN = { fails: false, fail_level: "error", failing_rules: [], findings: [] };

test("a clean draft is sent without asking", async () => {
  const { gate, asked, requests } = setup({ answer: CLEAN });
  assert.deepEqual(await gate({ id: 7 }, DETAILS), {});
  assert.equal(asked.length, 0);
  assert.deepEqual(requests[0].attachments, [{ name: "q3.xlsx", size: 10, content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }]);
});

test("a failing draft is cancelled unless the person chooses Send anyway", async () => {
  const blocked = setup({ answer: FAILS });
  assert.deepEqual(await blocked.gate({ id: 1 }, DETAILS), { cancel: true });
  assert.deepEqual(blocked.asked, [{ kind: "findings", result: FAILS }]);
  const sent = setup({ answer: FAILS, sendAnyway: true });
  assert.deepEqual(await sent.gate({ id: 1 }, DETAILS), {});
});

test("an unreachable service follows the onError option", async () => {
  const ask = setup({ status: 0 });
  assert.deepEqual(await ask.gate({ id: 1 }, DETAILS), { cancel: true });
  assert.equal(ask.asked[0].kind, "error");
  const send = setup({ status: 0, stored: { onError: "send" } });
  assert.deepEqual(await send.gate({ id: 1 }, DETAILS), {});
  assert.equal(send.asked.length, 0);
  const block = setup({ status: 0, stored: { onError: "block" } });
  assert.deepEqual(await block.gate({ id: 1 }, DETAILS), { cancel: true });
});

test("options that cannot be used make it ask, with the reason", async () => {
  const bad = setup({ stored: { serviceUrl: "http://10.0.0.1:7425" }, sendAnyway: true });
  assert.deepEqual(await bad.gate({ id: 1 }, DETAILS), {});
  assert.match(bad.asked[0].message, /options are wrong/);
  assert.equal(bad.requests.length, 0); // nothing went to a non-loopback host
});

test("a draft the add-on cannot read makes it ask, with the reason", async () => {
  const asked = [];
  const gate = createGate({
    loadOptions: async () => ({ token: "t" }),
    listAttachments: async () => { throw new Error("no such tab"); },
    ask: async (question) => { asked.push(question); return true; },
    fetch: async () => { throw new Error("not called"); },
  });
  assert.deepEqual(await gate({ id: 1 }, DETAILS), {});
  assert.equal(asked[0].kind, "error");
  assert.match(asked[0].message, /could not read this draft: no such tab/);
});

test("the listener never rejects: when not even the question can be asked, the send is cancelled", async () => {
  const gate = createGate({
    loadOptions: async () => ({ token: "t" }),
    listAttachments: async () => [],
    ask: async () => { throw new Error("cannot open a window"); },
    fetch: async () => ({ status: 200, ok: true, json: async () => FAILS }),
  });
  const quiet = console.error;
  console.error = () => {};
  try {
    assert.deepEqual(await gate({ id: 1 }, DETAILS), { cancel: true });
  } finally {
    console.error = quiet;
  }
});
