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
//
// The returned listener never rejects: Thunderbird locks the compose window while
// onBeforeSend listeners run and unlocks it only when one returns; a listener that
// throws leaves the window locked for good (ext-compose.js, beforeSendEventTracker).
// Anything unexpected therefore becomes an error question, and when even the
// question cannot be asked the send is cancelled: the draft stays, unlocked.
export function createGate(deps) {
  async function decide(tab, details) {
    let options;
    try {
      options = normalizeOptions(await deps.loadOptions());
    } catch (error) {
      return decideOnError({ onError: "ask" }, `the add-on's options are wrong: ${error.message}`, deps);
    }
    let fields;
    try {
      fields = draftToFields(details, await deps.listAttachments(tab.id));
    } catch (error) {
      return decideOnError(options, `the add-on could not read this draft: ${error?.message ?? error}`, deps);
    }
    const answer = await lintDraft(fields, options, deps.fetch);
    if (!answer.ok) return decideOnError(options, answer.message, deps);
    if (!answer.result.fails) return {};
    const sendAnyway = await deps.ask({ kind: "findings", result: answer.result });
    return sendAnyway ? {} : { cancel: true };
  }

  return async function onBeforeSend(tab, details) {
    try {
      return await decide(tab, details);
    } catch (error) {
      console.error("mailaudit: the pre-send check failed; the send is cancelled", error);
      return { cancel: true };
    }
  };
}

async function decideOnError(options, message, deps) {
  if (options.onError === "send") return {};
  if (options.onError === "block") return { cancel: true };
  const sendAnyway = await deps.ask({ kind: "error", message });
  return sendAnyway ? {} : { cancel: true };
}
