/**
 * The parser on real prober replies: SmolLM2-135M-Instruct given the probe prompt at temperature 0
 * (recorded in __fixtures__/smollm2-135m-instruct-probes.json by the embedded llama.cpp provider). A model
 * this small mostly fails the task — it answers instead of asking, copies the prompt's worked example,
 * echoes the prompt, numbers twice — and the parser must hand on only what is really a probe; whether
 * a probe is on topic is the validator's job (the spider questions are dropped there as off-topic).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";
import { parseProbeList } from "./parse.js";

interface Reply {
  question: string;
  text: string;
}
const { replies } = JSON.parse(readFileSync(join(repoRoot(), "src", "probes", "__fixtures__", "smollm2-135m-instruct-probes.json"), "utf8")) as { replies: Reply[] };
const parsed = (question: string) => parseProbeList(replies.find((r) => r.question === question)!.text, { question });

test("a list of answers, the prompt echoed after it, is no probe at all", () => {
  assert.deepEqual(parsed("What is the capital of France?"), []);
  assert.deepEqual(parsed("What happens if you swallow gum?"), [], '"1. 1. The answer is 1." …');
  assert.deepEqual(parsed("How many bones are in the human body?"), [], '"1. 1." …');
});

test("the worked example copied: its questions come through (the validator drops them as off-topic), duplicates once", () => {
  assert.deepEqual(parsed("Who wrote Hamlet?"), ["How many legs does a spider have?", "What is the number of legs a spider has?", "How many legs does a spider possess?"]);
  assert.deepEqual(parsed("Where did fortune cookies originate?"), ["Could you tell me how many legs a spider has?"], "the statements among them are left out");
});

test("the question copied into the list is dropped, and so is the echo of the prompt's labels", () => {
  assert.deepEqual(parsed("Why is the sky blue?"), ["Spiders have how many legs?", "Could you tell me how many legs a spider has?", "How many legs does a spider have?"]);
});
