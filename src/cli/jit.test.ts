import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { INLINING_FLAG, jitFlag } from "./jit.js";

describe("the command's JIT setting", () => {
  it("lowers V8's inlining budget unless the user set an inlining flag of their own", () => {
    assert.equal(jitFlag(undefined, []), INLINING_FLAG);
    assert.equal(jitFlag("--max-old-space-size=4096 --enable-source-maps", ["--import", "x.js"]), INLINING_FLAG);
    assert.equal(jitFlag("--max-inlined-bytecode-size=460", []), undefined);
    assert.equal(jitFlag("--max_inlined_bytecode_size_cumulative=920", []), undefined);
    assert.equal(jitFlag(undefined, ["--no-turbo-inlining"]), undefined);
    assert.equal(jitFlag(undefined, ["--turbo-inlining"]), undefined);
  });

  it("is a flag this node accepts (an unknown one would make V8 print an error on every run)", () => {
    const jit = fileURLToPath(new URL("./jit.js", import.meta.url));
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", `import { tuneJit } from ${JSON.stringify(jit)}; tuneJit(undefined, []);`], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, "");
    const unknown = spawnSync(process.execPath, ["-e", `require("node:v8").setFlagsFromString("--max-inlined-bytecode-sise=100")`], { encoding: "utf8" });
    assert.match(unknown.stderr, /unrecognized|Error/i, "this check would not see a misspelt flag");
  });
});
