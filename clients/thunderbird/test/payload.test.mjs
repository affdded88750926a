import assert from "node:assert/strict";
import { test } from "node:test";
import { contentTypeFor, draftToFields, htmlToText } from "../lib/payload.mjs";

test("compose details become service fields", () => {
  const fields = draftToFields(
    {
      from: "Li Lei <lilei@example.com>",
      to: ["Han Meimei <han@example.com>", { id: "contact-1", type: "contact" }, " "],
      cc: "wang@example.com",
      subject: "三季度投放报表",
      body: "<p>王经理，您好：</p><p>报表见附件。</p>",
      plainTextBody: "王经理，您好：\n\n报表见附件。",
      isPlainText: false,
    },
    [{ name: "报表.xlsx", size: 20480 }, { name: "notes", size: -1, contentType: "text/plain" }],
  );
  assert.deepEqual(fields, {
    from: "Li Lei <lilei@example.com>",
    to: ["Han Meimei <han@example.com>"],
    cc: ["wang@example.com"],
    bcc: [],
    subject: "三季度投放报表",
    body: "王经理，您好：\n\n报表见附件。",
    html: "<p>王经理，您好：</p><p>报表见附件。</p>",
    attachments: [
      { name: "报表.xlsx", size: 20480, content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      { name: "notes", size: 0, content_type: "text/plain" },
    ],
  });
});

test("plain-text drafts send no HTML; HTML-only drafts get a text body", () => {
  assert.equal(draftToFields({ isPlainText: true, body: "<p>x</p>", plainTextBody: "x" }).html, null);
  const fields = draftToFields({ body: "<div>Hi&nbsp;Han,<br>see <b>attached</b></div>" });
  assert.equal(fields.body, "Hi Han,\nsee attached");
  assert.equal(fields.subject, "");
  assert.deepEqual(fields.to, []);
});

test("html to text and content types", () => {
  assert.equal(htmlToText("<style>p{}</style><p>a &amp; b</p><p>c</p>"), "a & b\nc");
  assert.equal(contentTypeFor("plan.PDF"), "application/pdf");
  assert.equal(contentTypeFor("x.rar"), "application/octet-stream");
  assert.equal(contentTypeFor("x.rar", "application/vnd.rar"), "application/vnd.rar");
});
