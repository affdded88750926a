import assert from "node:assert/strict";
import { test } from "node:test";
import { createBroker } from "../lib/broker.mjs";

function makeBroker() {
  let next = 0;
  const opened = [];
  const broker = createBroker({
    newId: () => `q${++next}`,
    openWindow: async (id) => { opened.push(id); return 100 + next; },
  });
  return { broker, opened };
}

test("the dialog fetches its question and answers it", async () => {
  const { broker, opened } = makeBroker();
  const answer = broker.ask({ kind: "findings", result: { fails: true } });
  await Promise.resolve();
  assert.deepEqual(opened, ["q1"]);
  assert.deepEqual(broker.onMessage({ type: "question", id: "q1" }), { kind: "findings", result: { fails: true } });
  assert.equal(broker.onMessage({ type: "answer", id: "q1", sendAnyway: true }), true);
  assert.equal(await answer, true);
  assert.equal(broker.size, 0);
  assert.equal(broker.onMessage({ type: "question", id: "q1" }), null);
  assert.equal(broker.onMessage({ type: "other" }), undefined);
});

test("closing the window means do not send", async () => {
  const { broker } = makeBroker();
  const answer = broker.ask({ kind: "error", message: "down" });
  await new Promise((r) => setTimeout(r, 0));
  broker.onWindowRemoved(999); // another window: nothing happens
  assert.equal(broker.size, 1);
  broker.onWindowRemoved(101);
  assert.equal(await answer, false);
});

test("a window that cannot open rejects the question", async () => {
  const broker = createBroker({ newId: () => "x", openWindow: async () => { throw new Error("no window"); } });
  await assert.rejects(broker.ask({}), /no window/);
  assert.equal(broker.size, 0);
});
