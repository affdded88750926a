import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));

test("manifest targets Thunderbird 115+ with the permissions the gate needs", () => {
  assert.equal(manifest.manifest_version, 2);
  assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, "115.0");
  for (const p of ["compose", "storage", "http://127.0.0.1/*"]) assert.ok(manifest.permissions.includes(p), p);
  assert.ok(!manifest.permissions.includes("<all_urls>"));
});

test("every file the manifest and pages name exists", () => {
  const files = [manifest.background.page, manifest.options_ui.page, ...Object.values(manifest.icons)];
  for (const page of [manifest.background.page, manifest.options_ui.page, "dialog/dialog.html"]) {
    const html = readFileSync(join(root, page), "utf8");
    for (const [, src] of html.matchAll(/(?:src|href)="([^"]+)"/g)) files.push(join(dirname(page), src));
  }
  for (const file of files) assert.ok(existsSync(join(root, file)), `missing ${file}`);
});
