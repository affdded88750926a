// Findings -> what the dialog shows. Pure functions, so they are tested in Node.

const ORDER = { error: 0, warning: 1, info: 2 };
const PART_NAMES = { subject: "Subject", body: "Body", to: "To", cc: "Cc", from: "From", attachments: "Attachments", signature: "Signature", message: "Message" };

export function escapeHtml(text) {
  return String(text ?? "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// The lint answer -> items sorted by level, each with its explanation.
export function findingItems(result) {
  const failing = new Set(result.failing_rules ?? []);
  return [...(result.findings ?? [])]
    .sort((a, b) => (ORDER[a.level] ?? 3) - (ORDER[b.level] ?? 3) || a.rule.localeCompare(b.rule))
    .map((f) => ({
      rule: f.rule,
      level: f.level,
      blocks: failing.has(f.rule),
      where: PART_NAMES[f.part] ?? f.part ?? "",
      message: f.message,
      excerpt: f.excerpt ?? "",
      why: f.doc?.why ?? "",
      fix: f.doc?.fix ?? "",
    }));
}

export function headline(result) {
  const blocking = (result.failing_rules ?? []).length;
  if (!blocking) return "mailaudit found nothing that stops this mail.";
  return `mailaudit found ${blocking} problem${blocking === 1 ? "" : "s"} that should be fixed before sending (level ${result.fail_level} or above).`;
}

// HTML for the dialog's list; every value from the mail or the service is escaped.
export function renderFindings(result) {
  return findingItems(result).map((item) => `
    <li class="finding ${escapeHtml(item.level)}${item.blocks ? " blocks" : ""}">
      <div class="head"><span class="level">${escapeHtml(item.level)}</span>
        <code class="rule">${escapeHtml(item.rule)}</code>
        <span class="where">${escapeHtml(item.where)}</span></div>
      <div class="message">${escapeHtml(item.message)}</div>
      ${item.excerpt ? `<blockquote>${escapeHtml(item.excerpt)}</blockquote>` : ""}
      ${item.why ? `<p class="why"><b>Why:</b> ${escapeHtml(item.why)}</p>` : ""}
      ${item.fix ? `<p class="fix"><b>What to do:</b> ${escapeHtml(item.fix)}</p>` : ""}
    </li>`).join("");
}
