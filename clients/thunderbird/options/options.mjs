import { DEFAULTS, normalizeOptions } from "../lib/options.mjs";

const keys = ["serviceUrl", "token", "failLevel", "onError"];
const status = (text) => { document.getElementById("status").textContent = text; };

function formValues() {
  return Object.fromEntries(keys.map((k) => [k, document.getElementById(k).value]));
}

async function load() {
  let options;
  try { options = normalizeOptions(await messenger.storage.local.get(null)); } catch { options = { ...DEFAULTS }; }
  for (const k of keys) document.getElementById(k).value = options[k];
}

document.getElementById("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const options = normalizeOptions(formValues());
    await messenger.storage.local.set(options);
    status("Saved.");
  } catch (error) {
    status(`Not saved: ${error.message}`);
  }
});

document.getElementById("test").addEventListener("click", async () => {
  try {
    const options = normalizeOptions(formValues());
    const response = await fetch(`${options.serviceUrl}/v1/rules`, { headers: { Authorization: `Bearer ${options.token}` } });
    if (response.status === 401) return status("The service runs, but refused the token.");
    if (!response.ok) return status(`The service answered HTTP ${response.status}.`);
    const data = await response.json();
    status(`Connected: ${data.rules.length} rules.`);
  } catch (error) {
    status(`Cannot reach the service: ${error.message}`);
  }
});

load();
