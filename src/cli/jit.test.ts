import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { JIT_FLAGS, jitFlags } from "./jit.js";

describe("the command's JIT setting", () => {
  it("sets its flags unless AUDITLLM_V8_FLAGS or node's command line says otherwise", () => {
    const ours = JIT_FLAGS.join(" ");
    assert.equal(jitFlags({}, []), ours);
    assert.equal(jitFlags({ NODE_OPTIONS: "--max-old-space-size=4096" }, ["--import", "x.js", "--enable-source-maps"]), ours);
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "" }, []), "", "empty: V8's defaults");
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: " --max-inlined-bytecode-size=460 " }, []), "--max-inlined-bytecode-size=460");
    // A flag of the same kind on node's command line drops the command's flag of that kind, and only that one.
    assert.equal(jitFlags({}, ["--max-inlined-bytecode-size=460"]), "--interrupt-budget=270336 --no-regexp-tier-up");
    assert.equal(jitFlags({}, ["--no-turbo-inlining"]), "--interrupt-budget=270336 --no-regexp-tier-up");
    assert.equal(jitFlags({}, ["--interrupt_budget=67584"]), "--max-inlined-bytecode-size=100 --max-inlined-bytecode-size-cumulative=100 --no-regexp-tier-up");
    assert.equal(jitFlags({}, ["--interrupt-budget=67584", "--max-inlined-bytecode-size-cumulative=920", "--regexp-tier-up"]), "");
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "--no-turbo-inlining --no-use-osr" }, ["--max_inlined_bytecode_size_cumulative=920"]), "--no-use-osr");
    assert.equal(jitFlags({ AUDITLLM_V8_FLAGS: "--no-use-osr" }, ["--use-osr"]), "");
    assert.equal(jitFlags({}, ["--interrupt-budget-for-feedback-allocation=4000"]), JIT_FLAGS.join(" "), "another flag that only starts alike");
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
