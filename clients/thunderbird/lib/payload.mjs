// Thunderbird compose details + attachments -> the service's "fields" request body.

const TYPES = {
  pdf: "application/pdf", doc: "application/msword", xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint", zip: "application/zip", png: "image/png",
  jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", txt: "text/plain", csv: "text/csv",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

export function contentTypeFor(name, given) {
  if (typeof given === "string" && /^[\w.+-]+\/[\w.+-]+$/.test(given)) return given;
  const ext = String(name).toLowerCase().split(".").pop();
  return TYPES[ext] ?? "application/octet-stream";
}

// A ComposeRecipientList holds address strings or {id, type} references to
// address-book entries; references are resolved by the caller (or dropped).
function addresses(list) {
  if (!list) return [];
  const items = Array.isArray(list) ? list : [list];
  return items.filter((item) => typeof item === "string" && item.trim()).map((item) => item.trim());
}

// Crude but dependable HTML -> text, used only when Thunderbird gives no plain body.
export function htmlToText(html) {
  return String(html)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// details: ComposeDetails; attachments: [{name, size, contentType?}]
export function draftToFields(details, attachments = []) {
  const isPlain = Boolean(details.isPlainText);
  const html = isPlain ? null : (details.body ?? null);
  let body = typeof details.plainTextBody === "string" ? details.plainTextBody : "";
  if (!body && html) body = htmlToText(html);
  const fields = {
    to: addresses(details.to),
    cc: addresses(details.cc),
    bcc: addresses(details.bcc),
    subject: typeof details.subject === "string" ? details.subject : "",
    body,
    html,
    attachments: attachments.map((a) => ({
      name: String(a.name ?? "unnamed"),
      size: Number.isInteger(a.size) && a.size >= 0 ? a.size : 0,
      content_type: contentTypeFor(a.name ?? "", a.contentType),
    })),
  };
  if (typeof details.from === "string" && details.from.trim()) fields.from = details.from.trim();
  return fields;
}
