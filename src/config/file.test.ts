/** The config file: found here or given, checked with errors that name the key and its line; the example `init` writes loads as it is. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";
import { EXAMPLE_CONFIG } from "./example.js";
import { loadConfig } from "./file.js";
import { findConfig } from "./find.js";

const dir = mkdtempSync(join(tmpdir(), "auditllm-config-file-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test("the example loads; paths are relative to the file's folder", () => {
  const config = loadConfig(file("auditllm.config.yaml", EXAMPLE_CONFIG));
  assert.equal(config.input, join(dir, "questions.csv"));
  assert.equal(config.out, join(dir, "audit-reports"));
  assert.deepEqual(config.targets, ["ollama:llama3.2"]);
  assert.deepEqual(config.thresholds, { failUnder: 0.6, failIfWorse: 0.02, maxWorseShare: 0.2, margin: 0.05 });
  assert.equal(findConfig(dir), join(dir, "auditllm.config.yaml"));
  assert.equal(findConfig(mkdtempSync(join(tmpdir(), "auditllm-none-"))), undefined);
});

test("wrong values, unknown keys and broken syntax name the file, the line and the key", () => {
  const cases: [string, string, RegExp][] = [
    ["a.yaml", "probes: 5\nsamples: -1\n", /a\.yaml:2: samples: .*1/],
    ["b.yaml", "targets:\n  - ollama:a\n  - 7\n", /b\.yaml:3: targets\.1: /],
    ["c.yaml", "# comment\n\ntarget: ollama:a\n", /c\.yaml:3: unknown key "target" \(known: input, targets, prober,/],
    ["d.yaml", "thresholds:\n  failUnder: 1.5\n", /d\.yaml:2: thresholds\.failUnder: .*at most 1/],
    ["e.yaml", "diversity: extreme\n", /e\.yaml:1: diversity: .*"low"\|"medium"\|"high"/],
    ["f.yaml", "targets: [ollama:a\nprobes: 2\n", /f\.yaml:\d: /],
    ["g.json", '{\n  "probes": 2,\n  "metric": "lexical",\n}\n', /g\.json:4: not valid JSON/],
    ["h.json", '{\n  "probes": 2,\n  "metric": 3\n}\n', /h\.json:3: metric: expected string, received number/],
  ];
  for (const [name, text, expected] of cases) assert.throws(() => loadConfig(file(name, text)), expected, name);
  assert.throws(() => loadConfig(join(dir, "missing.yaml")), /Cannot read the config file .*missing\.yaml: ENOENT/);
});
