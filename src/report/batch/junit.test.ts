/**
 * JUnit XML: parsed by a strict XML 1.0 parser (saxes), it has the shape CI dashboards read — <testsuites> →
 * a <testsuite> per target with tests/failures/errors/skipped that match its <testcase>s, a <failure> under
 * 0.60, an <error> for a failed audit, <skipped> without a score — and survives any text an LLM or a file brings.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import test from "node:test";
import { SaxesParser } from "saxes";
import { fortuneRow, hostileRun, quizRows, runInfo, sourceOf } from "../../testing/batch-rows.js";
import type { BatchRow, ReportSource } from "./types.js";
import { writeJunitReport } from "./index.js";

interface El {
  name: string;
  attributes: Record<string, string>;
  children: El[];
  text: string;
}

/** The document as a tree; throws on anything that is not well-formed XML 1.0. */
function parse(xml: string): El {
  const parser = new SaxesParser();
  const root: El = { name: "#root", attributes: {}, children: [], text: "" };
  const stack = [root];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    const el: El = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: "" };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on("closetag", () => void stack.pop());
  parser.on("text", (t) => void (stack.at(-1)!.text += t));
  parser.write(xml).close();
  return root.children[0]!;
}

async function junit(source: ReportSource): Promise<string> {
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  await writeJunitReport(source, out);
  return text;
}

test("testsuites → a testsuite per target → a testcase per question, counts that match, failure under 0.60", async () => {
  const run = runInfo();
  const rows = [...quizRows(run, 200)];
  const doc = parse(await junit(sourceOf(run, rows)));
  assert.equal(doc.name, "testsuites");
  assert.deepEqual(
    doc.children.map((s) => [s.name, s.attributes.name]),
    run.targets.map((t) => ["testsuite", t]),
  );
  let total = 0;
  for (const suite of doc.children) {
    const cases = suite.children.filter((c) => c.name === "testcase");
    const mine = rows.filter((r) => r.target === suite.attributes.name);
    assert.equal(cases.length, mine.length);
    assert.equal(Number(suite.attributes.tests), cases.length);
    const under = mine.filter((r) => (r.result?.scores.consistency ?? 1) < 0.6).length;
    const failed = mine.filter((r) => r.error).length;
    assert.ok(under > 0, "some questions are under the threshold");
    assert.equal(Number(suite.attributes.failures), under);
    assert.equal(cases.filter((c) => c.children[0]?.name === "failure").length, under);
    assert.equal(Number(suite.attributes.errors), failed);
    assert.equal(cases.filter((c) => c.children[0]?.name === "error").length, failed);
    for (const [i, c] of cases.entries()) {
      assert.equal(c.attributes.classname, suite.attributes.name);
      assert.ok(c.attributes.name!.includes(mine[i]!.question), "the question names the case");
    }
    const failure = cases.find((c) => c.children[0]?.name === "failure")!.children[0]!;
    assert.match(failure.attributes.message!, /^consistency 0\.\d\d is under 0\.6$/);
    assert.match(failure.text, /^question: .*\nconsistency: 0\.\d{4}\nleast similar answers/);
    total += cases.length;
  }
  assert.equal(Number(doc.attributes.tests), total);
});

test("no score is <skipped>; a failed audit is an <error> with its message", async () => {
  const run = runInfo({ targets: ["m"] });
  const single = fortuneRow({ target: "m", answers: ["only one"], pairwise: [[1]] });
  const rows: BatchRow[] = [single, { ...fortuneRow({ target: "m" }), idx: 1, result: undefined, error: "the call timed out" }];
  const doc = parse(await junit(sourceOf(run, rows)));
  const [skipped, errored] = doc.children[0]!.children.filter((c) => c.name === "testcase");
  assert.equal(skipped!.children[0]!.name, "skipped");
  assert.equal(errored!.children[0]!.name, "error");
  assert.equal(errored!.children[0]!.text, "the call timed out");
  assert.deepEqual(doc.children[0]!.attributes, { ...doc.children[0]!.attributes, tests: "2", failures: "0", errors: "1", skipped: "1" });
});

test("hostile text: markup, quotes, CDATA ends and characters XML cannot hold — still well-formed, text kept", async () => {
  const { run, rows } = hostileRun();
  const evil = 'Why\u0000\u0008\u000b\u001b[2J\uDC00\uFFFF? ]]> </testcase><testcase name="x"/> & \'q\' "dq"\ttab\nnewline';
  const hostile = rows.map((r, i) => (i === 0 ? { ...r, question: evil } : r));
  hostile[0]!.result!.answers[0]!.text = evil;
  const xml = await junit(sourceOf(run, hostile));
  const doc = parse(xml);
  const first = doc.children[0]!.children.find((c) => c.name === "testcase")!;
  assert.equal(first.attributes.name, '[id"\'><svg onload="window.__xss=3">] Why[2J? ]]> </testcase><testcase name="x"/> & \'q\' "dq"\ttab\nnewline (line 2)');
  assert.equal(doc.children.length, 2);
  assert.equal(doc.children[0]!.attributes.name, run.targets[0]);
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
});
