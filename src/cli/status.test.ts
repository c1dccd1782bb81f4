import assert from "node:assert/strict";
import test from "node:test";
import { createStatus, withStatus } from "./status.js";

/** A stand-in for a terminal's stderr: records what is written. */
function terminal(): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY: true, columns: 80, text: "", write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

test('a failure while a transient line shows ("Loading …") clears it, so the error that follows has a line of its own', async () => {
  const stream = terminal();
  const status = createStatus(stream);
  await assert.rejects(
    withStatus(status, async () => {
      status.progress("Loading llamacpp:hf:someone/model:Q4_K_M…");
      throw new Error("the model could not be loaded");
    }),
    /could not be loaded/,
  );
  stream.write("auditllm: the model could not be loaded\n");
  assert.equal(stream.text, "Loading llamacpp:hf:someone/model:Q4_K_M…\r\x1b[2Kauditllm: the model could not be loaded\n");
});

test("off a terminal, transient lines are not written at all", async () => {
  const stream = Object.assign(terminal(), { isTTY: false });
  const status = createStatus(stream);
  await withStatus(status, async () => status.progress("Loading…"));
  status.info("Run x on q.txt.");
  assert.equal(stream.text, "Run x on q.txt.\n");
});
