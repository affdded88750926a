import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeHtml, findingItems, headline, renderFindings } from "../lib/findings.mjs";

const result = {
  fails: true,
  fail_level: "error",
  failing_rules: ["attachment-forgotten"],
  findings: [
    { rule: "closing-missing", level: "info", message: "No closing.", part: "body", excerpt: "" },
    {
      rule: "attachment-forgotten", level: "error", part: "body",
      message: "The body says something is attached, but the message has no attachment.",
      excerpt: "please see <attached>",
      doc: { why: "The reader has to write back & ask.", fix: "Attach the file." },
    },
  ],
};

test("items are sorted by level and carry their explanation", () => {
  const items = findingItems(result);
  assert.deepEqual(items.map((i) => i.rule), ["attachment-forgotten", "closing-missing"]);
  assert.equal(items[0].blocks, true);
  assert.equal(items[0].where, "Body");
  assert.equal(items[0].fix, "Attach the file.");
  assert.equal(items[1].blocks, false);
});

test("rendering escapes what comes from the mail", () => {
  const html = renderFindings(result);
  assert.match(html, /please see &lt;attached&gt;/);
  assert.match(html, /write back &amp; ask/);
  assert.doesNotMatch(html, /<attached>/);
  assert.equal(escapeHtml(`<a href="x">'`), "&lt;a href=&quot;x&quot;&gt;&#39;");
});

test("headline counts what blocks", () => {
  assert.match(headline(result), /found 1 problem that should be fixed/);
  assert.match(headline({ failing_rules: [] }), /nothing that stops/);
});
