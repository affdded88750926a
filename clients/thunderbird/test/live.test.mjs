// Against a real `mailaudit serve` (the Python suite starts one and sets these).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createGate } from "../lib/gate.mjs";
import { normalizeOptions } from "../lib/options.mjs";
import { draftToFields } from "../lib/payload.mjs";
import { lintDraft } from "../lib/service.mjs";

const url = process.env.MAILAUDIT_SERVE_URL;
const token = process.env.MAILAUDIT_SERVE_TOKEN;
const skip = url && token ? false : "set MAILAUDIT_SERVE_URL and MAILAUDIT_SERVE_TOKEN (tests/test_clients_thunderbird.py does)";

const DRAFT = {
  from: "Li Lei <lilei@example.com>", to: ["Han Meimei <han@example.com>"], subject: "Q3 placement numbers",
  plainTextBody: "Hi Meimei,\n\nPlease see attached the Q3 numbers.\n\nThanks,\nLi Lei", isPlainText: true,
};

test("the real service finds the forgotten attachment, with its explanation", { skip }, async () => {
  const options = normalizeOptions({ serviceUrl: url, token });
  const answer = await lintDraft(draftToFields(DRAFT, []), options);
  assert.equal(answer.ok, true, answer.message);
  assert.equal(answer.result.fails, true);
  const finding = answer.result.findings.find((f) => f.rule === "attachment-forgotten");
  assert.ok(finding?.doc?.fix, "the finding carries its explanation");
  const attached = await lintDraft(draftToFields(DRAFT, [{ name: "q3-numbers.xlsx", size: 2048 }]), options);
  assert.equal(attached.result.fails, false);
});

test("the gate cancels the send and a wrong token is reported", { skip }, async () => {
  const asked = [];
  const gate = createGate({
    loadOptions: async () => ({ serviceUrl: url, token }),
    listAttachments: async () => [],
    ask: async (q) => { asked.push(q); return false; },
  });
  assert.deepEqual(await gate({ id: 1 }, DRAFT), { cancel: true });
  assert.equal(asked[0].kind, "findings");
  const wrong = await lintDraft({}, normalizeOptions({ serviceUrl: url, token: "wrong-token-0000" }));
  assert.equal(wrong.kind, "unauthorized");
});
