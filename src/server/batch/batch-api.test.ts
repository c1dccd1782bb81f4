/**
 * The batch API over real HTTP with real parts: createApp on 127.0.0.1, the built `auditllm batch` in a child
 * process, a scripted OpenAI-compatible server answering the prober and two targets, SQLite in a temporary
 * AUDITLLM_HOME. Upload (good, bad, too large) → run with live progress → the results table paged, sorted,
 * filtered and searched → one audit → downloads → cancel and resume → two runs compared; the token and
 * same-origin rules on every new route; no response ever carries a key.
 */
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import test, { after, before } from "node:test";
import { auditScript } from "../../testing/audit-script.js";
import { startTestLlmServer, type TestLlmServer } from "../../testing/llm-server.js";
import { sseEvents } from "../../testing/sse-client.js";
import { batchContext } from "./context.js";
import { startTestWebServer, type TestWebServer } from "../../testing/web-server.js";

const FAKE_KEY = "sk-test-never-show-this-b47c1e";
const TOKEN = "batch-token-for-tests-6f5e4d3c";
const M = "openai-compatible:m";
const N = "openai-compatible:n";
const XSS = "<img src=x onerror=window.__xss=1> Where did fortune cookies originate?";
const CSV = [
  "question,category,source",
  "Who wrote Hamlet?,Literature,quiz",
  "Is MSG harmful to eat?,Health,quiz",
  "Broken row,Health,quiz,one field too many",
  `"${XSS}",Food,web`,
  "How many legs does a spider have?,Animals,quiz",
  "What is the capital of Australia?,Geography,atlas",
  "Which planet is the largest?,Space,atlas",
].join("\n");

const SPIDER = [
  "Spiders have eight legs.",
  "I cannot answer questions about animals, sorry.",
  "Six, like every other insect in the garden.",
  "Ten, if you count the two pedipalps near the mouth.",
  "It depends on the species, the age and any injuries it had.",
];
const script = auditScript({
  // Target n answers the spider question differently every time (an inconsistent model); one answer quotes the key.
  answer: (prompt, r) => {
    if (r.model === "n" && prompt.includes("legs")) return SPIDER[prompt.length % SPIDER.length]!;
    if (prompt.includes("wrote Hamlet")) return `Shakespeare wrote it. My key is ${FAKE_KEY}.`;
    return `${r.model} says: the answer to "${prompt.replace(/\?$/, "")}" is forty-two.`;
  },
});

let llm: TestLlmServer;
let web: TestWebServer;
let guarded: TestWebServer;
const bodies: string[] = [];
let firstRun = "";

before(async () => {
  llm = await startTestLlmServer({ reply: script.reply, models: ["m", "n"] });
  const batch = { baseUrl: llm.openaiBaseUrl, maxUploadBytes: 64 * 1024 };
  web = await startTestWebServer({ llm, env: { OPENAI_API_KEY: FAKE_KEY }, deps: { batch } });
  guarded = await startTestWebServer({ llm, deps: { token: TOKEN, loopbackOnly: false, batch } });
});
after(async () => {
  await web?.close();
  await guarded?.close();
  await llm?.close();
});

async function call(path: string, init: RequestInit = {}, server = web): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  bodies.push(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers };
}

const upload = (name: string, data: string | Uint8Array, headers: Record<string, string> = { "content-type": "application/octet-stream" }, server = web) =>
  call(`/api/uploads?name=${encodeURIComponent(name)}`, { method: "POST", headers, body: data }, server);
const post = (path: string, body: unknown, server = web) => call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, server);
const uploadsLeft = () => readdirSync(join(dirname(web.db.name), "uploads")).filter((f) => /^[0-9a-f]{24}$/.test(f));

/** Follows a run's events to the end: every progress event, and the last one. */
async function follow(runId: string): Promise<{ progress: any[]; end: any }> {
  const response = await fetch(`${web.url}/api/batches/${runId}/events`);
  assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
  const progress: any[] = [];
  for await (const e of sseEvents(response)) {
    bodies.push(JSON.stringify(e.data));
    if (e.event === "progress") progress.push(e.data);
    if (e.event === "end") return { progress, end: e.data };
  }
  assert.fail("the event stream closed without an end event");
}

async function startRun(targets: string[], extra: Record<string, unknown> = {}, csv = CSV): Promise<string> {
  const up = await upload("questions.csv", csv);
  assert.equal(up.status, 201, up.text);
  const started = await post("/api/batches", { uploadId: up.body.uploadId, targets, probes: 3, ...extra });
  assert.equal(started.status, 201, started.text);
  assert.match(started.body.runId, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
  return started.body.runId;
}

test("a wrong file is refused at once with what is wrong, and nothing starts", async () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ["questions.xlsx", new Uint8Array([0x00, 0x01, 0xff, 0x10, 0x00, 0x42, 0x13, 0x37]), /^questions\.xlsx: is not an \.xlsx workbook/],
    ["people.csv", "name,age\nBob,42\n", /^people\.csv: has no question column: its header has the columns "name", "age"/],
    ["array.jsonl", '[{"question": "Who?"}]\n', /^array\.jsonl: .*JSON/],
    ["questions.json", '{"question": "Who?"}\n', /"\.json" files are not supported \(for JSON, write one object per line in a \.jsonl file\)/],
    ["empty.txt", "", /^empty\.txt: is empty/],
    ["blank.csv", "question\n,\n \n", /^blank\.csv has no usable question/],
  ];
  for (const [name, data, message] of cases) {
    const r = await upload(name, data);
    assert.equal(r.status, 400, `${name}: ${r.text}`);
    assert.match(r.body.error, message, name);
    assert.ok(!r.body.error.includes("uploads"), `the server's path stays private: ${r.body.error}`);
  }
  const plain = await upload("questions.csv", CSV, { "content-type": "text/plain" });
  assert.equal(plain.status, 415);
  assert.equal((await call("/api/batches")).body.length, 0, "no run was made");
  assert.deepEqual(uploadsLeft(), [], "refused files are not kept");
  const bad = await post("/api/batches", { uploadId: "0".repeat(24), targets: [M] });
  assert.equal(bad.status, 404);
  assert.match(bad.body.error, /upload the file again/);
});

test("an upload over the size limit is a 413, announced or streamed, and is not kept", async () => {
  const big = "question\n" + "Is this question long enough to fill the upload?\n".repeat(2000);
  const announced = await upload("big.csv", big);
  assert.equal(announced.status, 413);
  assert.match(announced.body.error, /^big\.csv is larger than the upload limit of 0\.1 MB/);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("question\nx\n".padEnd(8 * 1024, "y")));
      controller.close();
    },
  });
  const streamed = await call("/api/uploads?name=big.csv", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: stream, duplex: "half" } as RequestInit);
  assert.equal(streamed.status, 413);
  assert.deepEqual(uploadsLeft(), []);
});

test("an upload is checked as the CLI checks it: questions, skipped rows with their lines, columns", async () => {
  const r = await upload("questions.csv", CSV);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, "questions.csv");
  assert.equal(r.body.format, "csv");
  assert.equal(r.body.questions, 6);
  assert.equal(r.body.skipped, 1);
  assert.deepEqual(r.body.skippedRows, [{ line: 4, error: "the row has 4 fields where the header has 3 (an unquoted comma inside a value?)" }]);
  assert.deepEqual(r.body.columns, ["source"]);
  assert.equal(r.body.categories, 6);
  assert.deepEqual(r.body.sample, ["Who wrote Hamlet?", "Is MSG harmful to eat?", XSS]);
  const unknown = await post("/api/batches", { uploadId: r.body.uploadId, targets: ["anthropic:claude-haiku-4-5"] });
  assert.equal(unknown.status, 400, "a missing key is said before any process starts");
  assert.match(unknown.body.error, /ANTHROPIC_API_KEY/);
  const badMetric = await post("/api/batches", { uploadId: r.body.uploadId, targets: [M], metric: "nope" });
  assert.equal(badMetric.status, 400, "the CLI's own message comes back");
  assert.match(badMetric.body.error, /Unknown metric "nope"/);
  assert.equal((await call("/api/batches")).body.length, 0, "no run was made for either");
});

test("a batch run through the real CLI: live progress, then the results table paged, sorted, filtered, searched", async () => {
  firstRun = await startRun([M, N]);
  const { progress, end } = await follow(firstRun);
  assert.equal(end.status, "done", JSON.stringify(end));
  assert.deepEqual([end.total, end.done, end.failed, end.skipped, end.ingested], [6, 6, 0, 1, true]);
  for (const p of progress) assert.ok(p.done <= p.total && p.status === "running" && p.live === true);

  const list = await call("/api/batches");
  const listed = list.body.find((r: { id: string }) => r.id === firstRun);
  assert.equal(listed.input, "questions.csv", "the input's name, not the server's path");
  assert.equal(listed.status, "done");
  assert.equal(listed.questions, 6);
  assert.deepEqual(
    listed.targets.map((t: { target: string }) => t.target),
    [M, N],
  );
  assert.ok(listed.targets.every((t: { meanConsistency: number; audited: number }) => t.meanConsistency > 0 && t.meanConsistency < 1 && t.audited === 6));
  assert.ok(!list.text.includes(dirname(web.db.name)), "no server path in the list");

  const detail = await call(`/api/batches/${firstRun}`);
  assert.equal(detail.body.canCancel, false);
  assert.equal(detail.body.canResume, false);
  assert.deepEqual(
    detail.body.skippedRows.map((s: { line: number }) => s.line),
    [4],
  );
  assert.deepEqual(detail.body.categories.map((c: { category: string }) => c.category).sort(), ["Animals", "Food", "Geography", "Health", "Literature", "Space"]);
  assert.equal(detail.body.probeCount, 3);
  assert.ok(!("baseUrl" in detail.body) && !detail.text.includes(llm.openaiBaseUrl), "no server address");

  const results = (query: string) => call(`/api/batches/${firstRun}/results${query}`).then((r) => (assert.equal(r.status, 200, r.text), r.body));
  const all = await results("");
  assert.equal(all.total, 12, "6 questions × 2 targets");
  assert.deepEqual(
    all.rows.slice(0, 2).map((r: { line: number; target: string }) => [r.line, r.target]),
    [
      [2, M],
      [2, N],
    ],
  );
  const page2 = await results("?offset=5&limit=5");
  assert.deepEqual([page2.offset, page2.limit, page2.rows.length], [5, 5, 5]);
  assert.deepEqual(
    page2.rows.map((r: { idx: number }) => r.idx),
    all.rows.slice(5, 10).map((r: { idx: number }) => r.idx),
  );
  const byScore = await results("?sort=consistency&order=asc&target=" + encodeURIComponent(N));
  const scores = byScore.rows.map((r: { consistency: number }) => r.consistency);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => a - b),
  );
  assert.equal(byScore.rows[0].question, "How many legs does a spider have?", "n's inconsistent answers score lowest");
  const byQuestion = (await results("?sort=question&order=desc&target=" + encodeURIComponent(M))).rows.map((r: { question: string }) => r.question.toLowerCase());
  assert.deepEqual(byQuestion, [...byQuestion].sort().reverse());
  assert.deepEqual(
    (await results("?category=Health")).rows.map((r: { question: string }) => r.question),
    ["Is MSG harmful to eat?", "Is MSG harmful to eat?"],
  );
  assert.equal((await results("?search=HAMLET")).total, 2, "search ignores case");
  assert.equal((await results(`?search=${encodeURIComponent("<img src=x")}`)).rows[0].question, XSS);
  const low = await results(`?max=${byScore.rows[0].consistency}`);
  assert.ok(low.rows.every((r: { consistency: number }) => r.consistency <= byScore.rows[0].consistency) && low.total >= 1);
  const top = await results("?min=0.999");
  assert.deepEqual(
    top.rows.map((r: { question: string }) => r.question),
    ["Who wrote Hamlet?", "Who wrote Hamlet?"],
    "the same answer to every wording scores 1",
  );
  assert.equal((await results("?min=0.9&max=0.2")).total, 0);
  for (const bad of ["?sort=nope", "?limit=501", "?min=2", "?offset=-1"]) assert.equal((await call(`/api/batches/${firstRun}/results${bad}`)).status, 400, bad);

  const spider = byScore.rows[0];
  const one = await call(`/api/batches/${firstRun}/results/${spider.idx}?target=${encodeURIComponent(N)}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.question, spider.question);
  assert.equal(one.body.category, "Animals");
  assert.deepEqual(one.body.meta, { source: "quiz" });
  assert.equal(one.body.audit.answers.length, 4, "the question and its 3 probes");
  assert.equal(one.body.audit.pairwise.length, 4);
  assert.equal(one.body.audit.consistency, Number(spider.consistency.toFixed(4)));
  assert.equal(one.body.audit.runId, undefined, "a batch row is not an ask run to export");
  assert.equal((await call(`/api/batches/${firstRun}/results/99?target=${encodeURIComponent(N)}`)).status, 404);
  assert.equal((await call(`/api/batches/${firstRun}/results/0`)).status, 400);
  assert.equal((await call("/api/batches/20990101-000000-abcdef")).status, 404);
});

test("downloads: CSV, JSONL and the HTML report from the store, the report page sandboxed, no secret in any", async () => {
  const csv = await call(`/api/batches/${firstRun}/download/csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
  assert.equal(csv.headers.get("content-disposition"), `attachment; filename="auditllm-${firstRun}-results.csv"`);
  const lines = csv.text.trim().split(/\r?\n/);
  assert.match(lines[0]!, /^idx,line,id,question,category,target,consistency,/);
  assert.match(lines[0]!, /,source$/, "the input's metadata column");
  assert.equal(lines.length, 13);
  const jsonl = await call(`/api/batches/${firstRun}/download/jsonl`);
  const records = jsonl.text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(records.length, 12);
  assert.ok(jsonl.text.includes("My key is [redacted]"), "the answer that quoted the key is redacted");
  const html = await call(`/api/batches/${firstRun}/download/html`);
  assert.match(html.text, /^<!doctype html>/);
  assert.ok(html.text.includes("&lt;img src=x onerror=window.__xss=1&gt;"), "escaped");
  assert.ok(!html.text.includes("<img src=x"));
  assert.ok(html.text.includes("questions.csv") && !html.text.includes(dirname(web.db.name)), "the input by its name");
  assert.equal((await call(`/api/batches/${firstRun}/download/pdf`)).status, 404);
  const xlsx = await fetch(`${web.url}/api/batches/${firstRun}/download/xlsx`);
  assert.equal(xlsx.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await xlsx.arrayBuffer());
  assert.deepEqual(
    book.worksheets.map((w) => w.name),
    ["openai-compatible_m", "openai-compatible_n", "Summary"],
  );
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
  assert.ok(cells.length > 12 * 20 && !cells.some((c) => c.includes(FAKE_KEY)), "no secret in the workbook");
  assert.ok(cells.includes("questions.csv"), "the input by its name");

  const page = await call(`/api/batches/${firstRun}/report.html`);
  assert.equal(page.status, 200);
  const csp = page.headers.get("content-security-policy") ?? "";
  assert.match(csp, /^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
  assert.match(csp, /sandbox allow-scripts; frame-ancestors 'self'$/);
  assert.equal(page.headers.get("x-frame-options"), "SAMEORIGIN");
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  assert.equal(page.text, html.text, "the same report");
  const app = await call("/api/session");
  assert.match(app.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, "every other response keeps the app's policy");
  assert.equal(app.headers.get("x-frame-options"), "DENY");
});

test("Cancel stops the CLI resumably; Resume finishes the run without repeating finished calls", async () => {
  script.setLatency(120);
  const questions = ["question", ...Array.from({ length: 10 }, (_, i) => `What is fact number ${i + 1} about the sea?`)].join("\n");
  const before = llm.countChat();
  const runId = await startRun([M], { concurrency: 2 }, questions);
  const events = await fetch(`${web.url}/api/batches/${runId}/events`);
  for await (const e of sseEvents(events)) if (e.event !== "progress" || e.data.done >= 2) break;
  const cancelled = await post(`/api/batches/${runId}/cancel`, {});
  assert.equal(cancelled.status, 202, cancelled.text);
  const stopped = await follow(runId);
  assert.equal(stopped.end.status, "cancelled");
  assert.ok(stopped.end.done < 10, `stopped early (${stopped.end.done} done)`);
  let detail = await call(`/api/batches/${runId}`);
  for (let i = 0; detail.body.live && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    detail = await call(`/api/batches/${runId}`);
  }
  assert.equal(detail.body.live, false, "the process exited");
  assert.equal(detail.body.canResume, true);
  assert.equal((await post(`/api/batches/${runId}/cancel`, {})).status, 409);

  script.setLatency(0);
  const resumed = await post(`/api/batches/${runId}/resume`, {});
  assert.equal(resumed.status, 202, resumed.text);
  const done = await follow(runId);
  assert.equal(done.end.status, "done");
  assert.equal(done.end.done, 10);
  assert.equal((await call(`/api/batches/${runId}/results`)).body.total, 10);
  const needed = 10 * (1 + 4);
  const sent = llm.countChat() - before;
  assert.ok(sent >= needed && sent <= needed + 2, `${sent} calls for ${needed} needed: only those in flight at the cancel are sent again`);
  assert.equal((await post(`/api/batches/${runId}/resume`, {})).status, 409, "a finished run has nothing to resume");
});

test("a batch process killed outright (kill -9) leaves its run failed, saying so, and resumable", async () => {
  script.setLatency(100);
  const questions = ["question", ...Array.from({ length: 8 }, (_, i) => `Which river is number ${i + 1} in length?`)].join("\n");
  const runId = await startRun([M], { concurrency: 2 }, questions);
  const { runner } = batchContext(web.server.context);
  const pid = runner.pid(runId);
  assert.ok(pid, "the server knows its process");
  process.kill(pid, "SIGKILL");
  const { end } = await follow(runId);
  assert.equal(end.status, "failed");
  const detail = await call(`/api/batches/${runId}`);
  assert.match(detail.body.error, /^The batch process was stopped by SIGKILL; resume the run to continue it\.$/);
  assert.equal(detail.body.canResume, true);
  script.setLatency(0);
  assert.equal((await post(`/api/batches/${runId}/resume`, {})).status, 202);
  assert.equal((await follow(runId)).end.status, "done");
  assert.equal((await call(`/api/batches/${runId}/results`)).body.total, 8);
});

test("two runs compared question by question: matched, mean difference, better and worse, largest drop first", async () => {
  const second = await startRun([N]);
  assert.equal((await follow(second)).end.status, "done");
  const c = await call(`/api/compare?a=${firstRun}&b=${second}&targetA=${encodeURIComponent(M)}`);
  assert.equal(c.status, 200, c.text);
  assert.deepEqual([c.body.a.target, c.body.b.target, c.body.a.input], [M, N, "questions.csv"]);
  assert.equal(c.body.matched, 6);
  assert.deepEqual([c.body.onlyA, c.body.onlyB], [0, 0]);
  const differences = c.body.rows.map((r: { difference: number }) => r.difference);
  assert.deepEqual(
    differences,
    [...differences].sort((a, b) => a - b),
    "largest drop first",
  );
  assert.equal(c.body.rows[0].question, "How many legs does a spider have?");
  assert.ok(c.body.worse >= 1);
  assert.equal(c.body.worse, differences.filter((d: number) => d < -c.body.margin).length);
  assert.equal(c.body.better, differences.filter((d: number) => d > c.body.margin).length);
  const mean = differences.reduce((s: number, d: number) => s + d, 0) / differences.length;
  assert.ok(Math.abs(c.body.meanDifference - mean) < 1e-9);
  const paged = await call(`/api/compare?a=${firstRun}&b=${second}&targetA=${encodeURIComponent(M)}&offset=2&limit=2`);
  assert.deepEqual(paged.body.rows, c.body.rows.slice(2, 4));
  const same = await call(`/api/compare?a=${firstRun}&b=${second}`);
  assert.equal(same.body.a.target, M, "a's first target");
  assert.equal(same.body.b.target, N, "b has no m: its first");
  const wrong = await call(`/api/compare?a=${firstRun}&b=${second}&targetB=${encodeURIComponent(M)}`);
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.error, new RegExp(`Run ${second} has no results for ${M}; its targets: ${N}`));
  assert.equal((await call(`/api/compare?a=${firstRun}&b=20990101-000000-abcdef`)).status, 404);
  assert.equal((await call(`/api/compare?a=${firstRun}`)).status, 400);
  assert.equal((await call(`/api/compare?a=${firstRun}&b=${second}&failIfWorse=2`)).status, 400, "a gate beyond 0..1");
});

test("a run on an earlier run's probes (probesFrom) makes no prober call; compare gives the interval, the gate's verdict, no probe warning", async () => {
  const before = llm.requests.length;
  const reused = await startRun([N], { probesFrom: firstRun });
  assert.equal((await follow(reused)).end.status, "done");
  const probed = llm.requests.slice(before).filter((r) => r.kind === "chat" && r.prompt.includes("Original question:"));
  assert.deepEqual(probed, [], "every question is in the first run: no prober call");
  const c = await call(`/api/compare?a=${firstRun}&b=${reused}&targetA=${encodeURIComponent(M)}&failIfWorse=0&maxWorseShare=1`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.b.probesFrom, firstRun);
  assert.equal(c.body.probesDiffer, 0);
  assert.deepEqual(c.body.warnings, []);
  assert.ok(c.body.interval[0] <= c.body.meanDifference && c.body.meanDifference <= c.body.interval[1]);
  assert.equal(c.body.gate.failures.length, c.body.meanDifference < 0 ? 1 : 0, "a 0 delta fails on any drop, the share 1 never");
  const fresh = await call(`/api/compare?a=${firstRun}&b=${reused}&targetA=${encodeURIComponent(M)}`);
  assert.equal(fresh.body.gate, undefined, "no gate asked: no verdict");
  const missing = await post("/api/batches", { uploadId: "0".repeat(24), targets: [M], probesFrom: "../etc" });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error, /probesFrom: not a run id/);
});

test("every batch route needs the token, and uploads from another site are refused", async () => {
  const id = "20990101-000000-abcdef";
  for (const path of [
    "/api/batches",
    `/api/batches/${id}`,
    `/api/batches/${id}/events`,
    `/api/batches/${id}/results`,
    `/api/batches/${id}/download/csv`,
    `/api/batches/${id}/report.html`,
    `/api/compare?a=${id}&b=${id}`,
  ]) {
    assert.equal((await call(path, {}, guarded)).status, 401, path);
  }
  assert.equal((await upload("questions.csv", CSV, undefined, guarded)).status, 401);
  assert.equal((await post("/api/batches", { uploadId: "0".repeat(24), targets: [M] }, guarded)).status, 401);
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const ok = await upload("questions.csv", CSV, { "content-type": "application/octet-stream", ...bearer }, guarded);
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await call("/api/batches", { headers: bearer }, guarded)).status, 200);
  const crossSite = await upload("questions.csv", CSV, { "content-type": "application/octet-stream", "sec-fetch-site": "cross-site" });
  assert.equal(crossSite.status, 403);
  const otherOrigin = await upload("questions.csv", CSV, { "content-type": "application/octet-stream", origin: "http://evil.example" });
  assert.equal(otherOrigin.status, 403);
});

test("no response ever carried the API key, and the server logged nothing unexpected", () => {
  assert.ok(bodies.length > 40);
  for (const body of bodies) assert.ok(!body.includes(FAKE_KEY), `a response carries the key: ${body.slice(0, 200)}`);
  assert.deepEqual(
    web.log.filter((line) => !/: the process was stopped by SIGKILL$/.test(line)),
    [],
    "only the killed process is logged",
  );
});
