import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { INLINING_FLAG, jitFlags } from "./jit.js";

describe("the command's JIT setting", () => {
  it("lowers V8's inlining budget unless AUDITLLM_V8_FLAGS or node's command line says otherwise", () => {
    assert.equal(jitFlags({}, []), INLINING_FLAG);
    assert.equal(jitFlags({ NODE_OPTIONS: "--max-old-space-size=4096" }, ["--import", "x.js", "--enable-source-maps"]), INLINING_FLAG);
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "" }, []), "", "empty: V8's defaults");
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "--max-inlined-bytecode-size=460" }, []), "--max-inlined-bytecode-size=460");
    assert.equal(jitFlags({}, ["--max-inlined-bytecode-size=460"]), "");
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "--no-turbo-inlining" }, ["--max_inlined_bytecode_size_cumulative=920"]), "");
    assert.equal(jitFlags({}, ["--no-turbo-inlining"]), "");
  });

  it("sets flags this node accepts (an unknown one would make V8 print an error on every run)", () => {
    const jit = JSON.stringify(fileURLToPath(new URL("./jit.js", import.meta.url)));
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--input-type=module", "-e", `import { tuneJit } from ${jit}; tuneJit();`], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
    const ours = run({});
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(ours.stderr, "");
    const misspelt = run({ AUDITLLM_V8_FLAGS: "--max-inlined-bytecode-sise=100" });
    assert.match(misspelt.stderr, /unrecognized|Error/i, "this check would not see a misspelt flag");
  });
});
