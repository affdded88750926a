import { headline, renderFindings } from "../lib/findings.mjs";

const id = new URLSearchParams(location.search).get("id");

async function answer(sendAnyway) {
  await messenger.runtime.sendMessage({ type: "answer", id, sendAnyway });
  window.close();
}

async function show() {
  const question = await messenger.runtime.sendMessage({ type: "question", id });
  if (!question) {
    document.getElementById("headline").textContent = "This check is no longer pending.";
    return;
  }
  if (question.kind === "error") {
    document.getElementById("headline").textContent = "mailaudit could not check this mail.";
    const error = document.getElementById("error");
    error.textContent = question.message;
    error.hidden = false;
    document.getElementById("hint").hidden = true; // about rules; there are no findings
  } else {
    document.getElementById("headline").textContent = headline(question.result);
    // renderFindings escapes every value that comes from the mail or the service.
    document.getElementById("findings").innerHTML = renderFindings(question.result);
  }
}

document.getElementById("back").addEventListener("click", () => answer(false));
document.getElementById("send").addEventListener("click", () => answer(true));
show();
