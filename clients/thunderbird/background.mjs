// Glue between Thunderbird and lib/: everything decided in lib/ is tested with Node.

import { createBroker } from "./lib/broker.mjs";
import { createGate } from "./lib/gate.mjs";

const broker = createBroker({
  async openWindow(id) {
    const win = await messenger.windows.create({
      type: "popup",
      url: `dialog/dialog.html?id=${encodeURIComponent(id)}`,
      width: 640,
      height: 560,
    });
    return win.id;
  },
});

messenger.runtime.onMessage.addListener((message) => {
  const reply = broker.onMessage(message);
  return reply === undefined ? undefined : Promise.resolve(reply);
});
messenger.windows.onRemoved.addListener((windowId) => broker.onWindowRemoved(windowId));

async function listAttachments(tabId) {
  const attachments = await messenger.compose.listAttachments(tabId);
  return Promise.all(attachments.map(async (a) => {
    let file = null;
    if (!Number.isInteger(a.size) || !a.name) {
      try { file = await a.getFile?.() ?? await messenger.compose.getAttachmentFile(a.id); } catch { file = null; }
    }
    return { name: a.name ?? file?.name, size: Number.isInteger(a.size) ? a.size : (file?.size ?? 0), contentType: file?.type };
  }));
}

const onBeforeSend = createGate({
  loadOptions: () => messenger.storage.local.get(null),
  listAttachments,
  ask: (question) => broker.ask(question),
});

messenger.compose.onBeforeSend.addListener(onBeforeSend);
