// The call to the local service. Never throws: every outcome is a plain object
// the gate can decide on, and the token never appears in a message.

// options.timeoutMs bounds the whole exchange, the answer's body included: a service
// that sends its headers and then stalls must not hold the compose window either.
export async function lintDraft(fields, options, fetchImpl = globalThis.fetch) {
  const query = options.failLevel ? `?fail_level=${encodeURIComponent(options.failLevel)}` : "";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  // Rejects at the deadline even where a body read does not watch the signal.
  const deadline = new Promise((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(Object.assign(new Error("timeout"), { name: "AbortError" })), { once: true });
  });
  deadline.catch(() => {});
  const unreachable = (error) => {
    const why = error?.name === "AbortError" || controller.signal.aborted
      ? `no answer within ${options.timeoutMs} ms` : "cannot reach it";
    return { ok: false, kind: "unreachable", message: `mailaudit service at ${options.serviceUrl}: ${why}. Is \`mailaudit serve\` running?` };
  };
  let response;
  let data = null;
  try {
    try {
      response = await Promise.race([fetchImpl(`${options.serviceUrl}/v1/lint${query}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${options.token}`,
        },
        body: JSON.stringify(fields),
        signal: controller.signal,
      }), deadline]);
    } catch (error) {
      return unreachable(error);
    }
    try {
      data = await Promise.race([response.json(), deadline]);
    } catch (error) {
      if (controller.signal.aborted) return unreachable(error);
      data = null;
    }
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401) {
    return { ok: false, kind: "unauthorized", message: "the service refused the token: copy it again from ~/.config/mailaudit/serve-token into the add-on's options" };
  }
  if (!response.ok) {
    const detail = data?.error?.message ?? `HTTP ${response.status}`;
    return { ok: false, kind: "refused", status: response.status, message: `the service could not check this draft: ${detail}` };
  }
  if (!data || !Array.isArray(data.findings) || typeof data.fails !== "boolean") {
    return { ok: false, kind: "bad-answer", message: "the service answered something that is not a lint result" };
  }
  return { ok: true, result: data };
}
