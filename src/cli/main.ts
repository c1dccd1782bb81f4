#!/usr/bin/env node
/**
 * The auditllm command. Each command's code is imported only when it runs, so `--help` is instant.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "node:fs";
import { tuneJit } from "./jit.js";

tuneJit();

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

function positiveInt(name: string, min = 1) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}.`);
    return n;
  };
}

function number(name: string, min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}.`);
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const METRIC_HELP =
  "similarity: hybrid, glove, lexical, token-f1, rouge-l, embedding:<model-id>, transformer[-raw]:<folder|hub-id>, bertscore[-raw|-idf]:<folder|hub-id>, or judge:<model-id>; " +
  "default: hybrid, or a sentence encoder in the model cache that scores better (see README)";
const JUDGE_HELP = "an LLM judges each pair of answers agree / contradict / neutral (same as --metric judge:<model-id>)";

/**
 * --judge <id> is --metric judge:<id> (app/metric-spec). With neither, the default metric: AUDITLLM_METRIC,
 * else a fitted sentence encoder that is in the model cache and beats hybrid (said on stderr), else hybrid.
 */
async function withJudge<T extends { metric: string; judge?: string }>(options: T, command: Command): Promise<T> {
  if (!options.judge) {
    if (command.getOptionValueSource("metric") !== "default") return options;
    const [{ chooseDefaultMetric }, { createStatus }] = await Promise.all([import("../app/metrics.js"), import("./status.js")]);
    const chosen = chooseDefaultMetric(process.env);
    if (chosen.note) createStatus().info(chosen.note);
    return { ...options, metric: chosen.name };
  }
  return { ...options, metric: (await import("../app/metric-spec.js")).withJudge(options.metric, options.judge) };
}

const program = new Command()
  .name("auditllm")
  .description("Audit LLMs for consistency: ask a question many ways, and measure how much the answers agree.")
  .version(version)
  .showHelpAfterError("(run with --help for usage)")
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride((error) => {
    // Usage errors exit 2; --help and --version exit 0.
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

program
  .command("ask")
  .description("audit one question: write probes, get answers, score their consistency, store the run")
  .argument("<question>", "the question to audit")
  .option("-t, --target <id>", "model that answers (e.g. ollama:llama3.2, openai:gpt-4o-mini); default: detected")
  .option("-p, --prober <id>", "model that writes the probes (default: the target)")
  .option("--base-url <url>", "server URL for the models (openai-compatible, ollama, or a proxy for openai/anthropic)")
  .option("--prober-base-url <url>", "server URL for the prober only (overrides --base-url)")
  .option("-k, --probes <n>", "number of probes to generate", positiveInt("--probes", 0), 5)
  .option("--probe <text>", "a probe of your own instead of generated ones (repeatable)", collect)
  .option("-n, --samples <n>", "answers per prompt", positiveInt("--samples"), 1)
  .option("--temperature <t>", "target temperature", number("--temperature", 0, 2), 0.5)
  .option("--max-tokens <n>", "longest answer, in tokens", positiveInt("--max-tokens"), 512)
  .addOption(new Option("--diversity <level>", "how far probes may move from the question's wording").choices(["low", "medium", "high"]).default("medium"))
  .option("-m, --metric <name>", METRIC_HELP, "hybrid")
  .option("--judge <model-id>", JUDGE_HELP)
  .option("-c, --concurrency <n>", "calls at once", positiveInt("--concurrency"), 4)
  .option("--timeout <seconds>", "give up on a call after this long", number("--timeout", 1, 3600), 120)
  .option("--retries <n>", "retries of a failed call (rate limits, server errors, timeouts)", positiveInt("--retries", 0), 3)
  .option("--json", "print one JSON object instead of the report")
  .option("--fail-under <x>", "exit 1 when the consistency is below x, or when none could be computed (no score)", number("--fail-under", 0, 1))
  .option("-y, --yes", "download the embedded model without asking, if it is needed")
  .action(async (question: string, options, command: Command) => (await import("./ask.js")).ask(question, await withJudge(options, command)));

program
  .command("batch")
  .description("audit every question of a file (.csv .tsv .jsonl .txt .xlsx) against one or more targets; resumable")
  .argument("[file]", "the questions: a question/prompt/query column (or one question a line in .txt)")
  .option("-t, --target <ids>", "model(s) that answer, separated by commas: compared on the same probes; default: detected")
  .option("-p, --prober <id>", "model that writes the probes (default: the first target)")
  .option("--base-url <url>", "server for the first target, and for other models of the same provider")
  .option("--prober-base-url <url>", "server for the prober only")
  .option("-c, --concurrency <n>", "calls in flight at once per provider server (lowered automatically on 429/503)", positiveInt("--concurrency"), 8)
  .option("-k, --probes <n>", "probes per question", positiveInt("--probes", 0), 5)
  .option("-n, --samples <n>", "answers per prompt", positiveInt("--samples"), 1)
  .option("--temperature <t>", "target temperature", number("--temperature", 0, 2), 0.5)
  .option("--max-tokens <n>", "longest answer, in tokens", positiveInt("--max-tokens"), 512)
  .addOption(new Option("--diversity <level>", "how far probes may move from the question's wording").choices(["low", "medium", "high"]).default("medium"))
  .option("-m, --metric <name>", METRIC_HELP, "hybrid")
  .option("--judge <model-id>", JUDGE_HELP)
  .option("--timeout <seconds>", "give up on a call after this long", number("--timeout", 1, 3600), 120)
  .option("--retries <n>", "retries of a failed call (rate limits have their own, larger budget)", positiveInt("--retries", 0), 3)
  .option("-o, --out <dir>", "where the reports go (default: ./auditllm-<run-id>)")
  .option("--fail-under <x>", "exit 1 when a target's mean consistency is below x, or when it has no score at all", number("--fail-under", 0, 1))
  .option("--json", "print a JSON summary instead of text")
  .option("-y, --yes", "download the embedded model without asking, if it is needed")
  .option("--resume <run-id>", "continue an interrupted run (re-running the same command does it too)")
  .option("--new", "start a new run even if an unfinished one has the same input and settings")
  .option("--wait-for-owner", "when another process is working the run, wait for it instead of refusing")
  .addOption(
    new Option(
      "--via <mode>",
      "live: each call sent at once; batch-api: through the providers' batch services (openai, openai-compatible, anthropic; about half the price, results within 24 h)",
    ).choices(["live", "batch-api"]),
  )
  .addOption(
    new Option("--batch-fallback <what>", "--via batch-api: a call a provider batch could not answer (error, expired, cancelled) is retried once live, or reported as the question's error")
      .choices(["live", "report"])
      .default("live"),
  )
  .option("--poll-interval <seconds>", "--via batch-api: seconds between status polls of the provider", number("--poll-interval", 0.01, 3600))
  .option("--batch-max-requests <n>", "--via batch-api: requests per provider batch (default: the provider's limit, OpenAI 50000, Anthropic 100000)", positiveInt("--batch-max-requests"))
  .option("--batch-max-bytes <n>", "--via batch-api: bytes per batch input (default: OpenAI 200 MB, Anthropic 256 MB)", positiveInt("--batch-max-bytes"))
  .option("--prices <file>", 'a JSON file of prices, dollars per million tokens by model id or prefix, over the built-in table: {"openai:gpt-4o-mini": {"input": 0.15, "output": 0.6}}')
  .option("--max-cost <usd>", "stop a live run before its calls would cost more than this many dollars (resumable)", number("--max-cost", 0.000001, 1e9))
  .option("--cancel <run-id>", "cancel a run's provider batches at the provider (--via batch-api) and store the run as cancelled")
  .option("--probes-from <run-id>", "reuse that batch run's probes for the questions it shares (by id, else by text); the prober writes only the new ones")
  .option("--junit <file>", "also write JUnit XML: a test case per question × target, failing under the 0.60 threshold")
  .option("--config <file>", "settings from this file (default: ./auditllm.config.yaml or .json, if there); flags override it")
  .action(async (file: string | undefined, _options, command: Command) => {
    // A batch run goes on to the end when its reader goes away (`2>&1 | head`): its reports are files.
    finishOnClosedOutput = true;
    const { applyBatchConfig, commandConfig } = await import("./config.js");
    const input = applyBatchConfig(command, (await commandConfig(command)).config);
    const options = command.opts<import("./batch.js").BatchOptions & { metric: string; judge?: string }>();
    // A resumed run keeps its own concurrency, timeout and retries unless they are given again.
    const given = (name: string) => command.getOptionValueSource(name) === "cli";
    const chosen = file ?? (options.resume ? undefined : input);
    return (await import("./batch.js")).batch(chosen, { ...(await withJudge(options, command)), given: ["concurrency", "timeout", "retries"].filter(given) });
  });

program
  .command("compare")
  .description("compare two batch runs question by question (paired): mean difference with a 95% interval, better/worse, largest drops; a gate for CI")
  .argument("<run-a>", "the baseline run")
  .argument("<run-b>", "the run to judge against it")
  .option("--target-a <id>", "run A's target (default: its first)")
  .option("--target-b <id>", "run B's target (default: run A's target if B has it, else B's first)")
  .option("--margin <x>", "how far a question's score must move to count as better or worse", number("--margin", 0, 1), 0.05)
  .option("--fail-if-worse <delta>", "exit 1 when the mean consistency drops by more than delta", number("--fail-if-worse", 0, 1))
  .option("--max-worse-share <share>", "exit 1 when more than this share (0..1) of the questions got worse by more than the margin", number("--max-worse-share", 0, 1))
  .option("--top <n>", "largest drops to list", positiveInt("--top", 0), 10)
  .option("--json", "print one JSON object instead of text")
  .option("--config <file>", "thresholds from this file (default: ./auditllm.config.yaml or .json, if there); flags override it")
  .action(async (a: string, b: string, _options, command: Command) => {
    const { applyCompareConfig, commandConfig } = await import("./config.js");
    applyCompareConfig(command, (await commandConfig(command)).config);
    return (await import("./compare.js")).compare(a, b, command.opts());
  });

program
  .command("init")
  .description("write a commented auditllm.config.yaml here (batch settings and the compare gate)")
  .option("--force", "overwrite an existing one")
  .action(async (options) => (await import("./config.js")).init(options));

program
  .command("report")
  .description("write a batch run's reports again from the store (works while it runs, for partial results)")
  .argument("<run-id>", "as listed by `auditllm runs`")
  .option("-f, --format <list>", "csv, jsonl, html, xlsx, or several separated by commas", "csv,jsonl,html,xlsx")
  .option("-o, --out <dir>", "where to write them (default: ./auditllm-<run-id>); - writes one format to stdout")
  .option("--junit <file>", "also write JUnit XML: a test case per question × target, failing under the 0.60 threshold")
  .action(async (id: string, options) => (await import("./report.js")).report(id, options));

program
  .command("score")
  .description("score answers you already have (JSONL in, JSONL out); no LLM calls unless --judge")
  .argument("<in.jsonl>", 'one JSON object a line: {"id", "question", "probes", "responses": [...], "reference": {"correct", "incorrect"}, "claims"} (only responses is required); - for stdin')
  .option("-o, --out <file>", "write results here instead of stdout")
  .option("-m, --metric <name>", METRIC_HELP, "hybrid")
  .option("--judge <model-id>", JUDGE_HELP)
  .option("--base-url <url>", "server URL for an embedding:openai-compatible:… metric or an openai-compatible judge")
  .option("--timeout <seconds>", "give up on an embedding or judge call after this long", number("--timeout", 1, 3600), 120)
  .option("--retries <n>", "retries of a failed embedding or judge call", positiveInt("--retries", 0), 3)
  .option("-y, --yes", "download a transformer model named by hub id into the cache, if it is not there")
  .action(async (file: string, options, command: Command) => (await import("./score.js")).score(file, await withJudge(options, command)));

program
  .command("runs")
  .description("list stored runs, newest first")
  .option("--json", "print a JSON array")
  .option("-l, --limit <n>", "show at most this many", positiveInt("--limit"), 20)
  .action(async (options) => (await import("./runs.js")).runs(options));

program
  .command("show")
  .description("print a stored run's report")
  .argument("<run-id>", "as listed by `auditllm runs`")
  .option("--json", "print JSON instead of the report")
  .action(async (id: string, options) => (await import("./runs.js")).show(id, options));

program
  .command("serve")
  .description("the web app for live audits: pick models, edit probes, watch answers stream, see the scores")
  .option("--port <n>", "port to listen on (0: any free port)", positiveInt("--port", 0), 7777)
  .option("--host <address>", "address to listen on; any but loopback needs AUDITLLM_TOKEN", "127.0.0.1")
  .option("--open", "open the page in the default browser")
  .option("--secure-cookie", "mark the session cookie Secure (behind an HTTPS reverse proxy)")
  .option("--base-url <url>", "an OpenAI-compatible server (vLLM, llama.cpp, LM Studio) for openai-compatible:<model>")
  .option("-m, --metric <name>", METRIC_HELP, "hybrid")
  .option("--judge <model-id>", JUDGE_HELP)
  .option("-c, --concurrency <n>", "calls at once per provider server", positiveInt("--concurrency"), 4)
  .option("--timeout <seconds>", "give up on a call after this long", number("--timeout", 1, 3600), 120)
  .option("--retries <n>", "retries of a failed call", positiveInt("--retries", 0), 3)
  .action(async (options, command: Command) => (await import("./serve.js")).serve(await withJudge(options, command)));

const models = program
  .command("models")
  .description("list the models in the cache with the ids to use (--target/--prober/--judge, --metric)")
  .option("--json", "print a JSON array of {id, kind, path, bytes}")
  .action(async (options) => (await import("./model-cache.js")).modelsList(options));

models
  .command("pull")
  .description("download a model from the Hugging Face hub into the cache ($HF_ENDPOINT for a mirror)")
  .argument("<hub-id>", "an encoder repository (Xenova/all-MiniLM-L6-v2) or a GGUF (user/repo:Q4_K_M, user/repo/file.gguf)")
  .option("--json", "print {id, kind, path, bytes} of the downloaded model")
  // `models pull x --json`: commander hands --json to `models`, which has it too.
  .action(async (id: string, options, command: Command) => (await import("./model-cache.js")).modelsPull(id, { ...command.parent!.opts(), ...options }));

program.addHelpText(
  "after",
  `
Environment:
  OPENAI_API_KEY, ANTHROPIC_API_KEY   keys for openai:… and anthropic:… models
  OLLAMA_HOST                         Ollama server (default http://127.0.0.1:11434)
  OPENAI_COMPATIBLE_API_KEY           key sent to --base-url servers, if they need one
  AUDITLLM_HOME                       where runs are stored (default: your data folder)
  AUDITLLM_METRIC                     the similarity metric when --metric is not given (default: hybrid)
  AUDITLLM_CACHE                      where models and derived files go (default: your cache folder)
  HF_ENDPOINT                         the Hugging Face hub or a mirror, for downloads
  AUDITLLM_TOKEN                      access token of \`serve\` (required with a --host other than loopback)
  NO_COLOR                            plain output

Examples:
  auditllm ask "Where did fortune cookies originate?" --target ollama:llama3.2
  auditllm batch questions.csv --target ollama:llama3.2,ollama:qwen2.5 --fail-under 0.6
  auditllm batch questions.csv --target ollama:llama3.3 --probes-from <run-id> --junit junit.xml
  auditllm compare <run-a> <run-b> --fail-if-worse 0.02
  auditllm init
  auditllm score examples/nq-open-30.jsonl
  auditllm runs
  auditllm models
  auditllm serve --open

Exit codes: 0 done (ask: even when no consistency could be computed; the report says so) · 1 failed, or
  --fail-under not met (no score counts as not met), or compare's gate failed · 2 bad usage · 130 cancelled`,
);

// A reader that goes away (`auditllm score … | head`) is not an error: the command stops there, except a batch
// run, which finishes with its output dropped (set in its action).
let finishOnClosedOutput = false;
const onClosedOutput = (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  if (!finishOnClosedOutput) process.exit(0);
};
process.stdout.on("error", onClosedOutput);
process.stderr.on("error", onClosedOutput);

program.parseAsync().catch(async (error) => {
  const { reportError } = await import("./errors.js");
  process.exitCode = reportError(error);
});
