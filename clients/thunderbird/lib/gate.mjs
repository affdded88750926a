// The decision at Send: lint the draft, then send, cancel, or ask the person.
// Thunderbird's APIs come in as parameters so the whole flow runs under Node.

import { normalizeOptions } from "./options.mjs";
import { draftToFields } from "./payload.mjs";
import { lintDraft } from "./service.mjs";

// deps: {
//   loadOptions(): Promise<stored options>,
//   listAttachments(tabId): Promise<[{name, size, contentType?}]>,
//   ask(question): Promise<boolean>   // true = "Send anyway"
//   fetch?: fetch implementation
// }
// question: {kind: "findings", result} or {kind: "error", message}
export function createGate(deps) {
  return async function onBeforeSend(tab, details) {
    let options;
    try {
      options = normalizeOptions(await deps.loadOptions());
    } catch (error) {
      return decideOnError({ onError: "ask" }, `the add-on's options are wrong: ${error.message}`, deps);
    }
    const attachments = await deps.listAttachments(tab.id);
    const fields = draftToFields(details, attachments);
    const answer = await lintDraft(fields, options, deps.fetch);
    if (!answer.ok) return decideOnError(options, answer.message, deps);
    if (!answer.result.fails) return {};
    const sendAnyway = await deps.ask({ kind: "findings", result: answer.result });
    return sendAnyway ? {} : { cancel: true };
  };
}

async function decideOnError(options, message, deps) {
  if (options.onError === "send") return {};
  if (options.onError === "block") return { cancel: true };
  const sendAnyway = await deps.ask({ kind: "error", message });
  return sendAnyway ? {} : { cancel: true };
}
