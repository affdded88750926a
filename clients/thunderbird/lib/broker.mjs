// One question per dialog window: the background opens a window, the window asks
// for its question by id and answers; closing the window counts as "don't send".

export function createBroker({ openWindow, newId = () => crypto.randomUUID() }) {
  const pending = new Map(); // id -> {question, resolve, windowId}

  function settle(id, sendAnyway) {
    const entry = pending.get(id);
    if (!entry) return false;
    pending.delete(id);
    entry.resolve(Boolean(sendAnyway));
    return true;
  }

  return {
    // -> Promise<boolean>
    ask(question) {
      const id = newId();
      return new Promise((resolve, reject) => {
        pending.set(id, { question, resolve, windowId: null });
        Promise.resolve(openWindow(id)).then(
          (windowId) => { const entry = pending.get(id); if (entry) entry.windowId = windowId; },
          (error) => { pending.delete(id); reject(error); },
        );
      });
    },
    // runtime message from the dialog: {type: "question", id} | {type: "answer", id, sendAnyway}
    onMessage(message) {
      if (message?.type === "question") return pending.get(message.id)?.question ?? null;
      if (message?.type === "answer") return settle(message.id, message.sendAnyway === true);
      return undefined;
    },
    onWindowRemoved(windowId) {
      for (const [id, entry] of pending) if (entry.windowId === windowId) settle(id, false);
    },
    get size() { return pending.size; },
  };
}
