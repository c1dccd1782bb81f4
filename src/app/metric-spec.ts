/**
 * The similarity metric a run asked for, parsed once into a typed value: an embedded metric by name, an
 * embedding model, a transformer or BERTScore model, or an LLM judge. Everything downstream reads the
 * value, never the text; `metricSpecText` gives the canonical text back (stored with the run, printed).
 */
import { parseModelId } from "../providers/model-id.js";
import { METRIC_NAMES, type MetricName } from "../similarity/index.js";
import { UsageError } from "./errors.js";

export type MetricSpec =
  | { kind: "builtin"; name: MetricName }
  /** `embedding:<model-id>`: cosine of an embedding model's vectors. */
  | { kind: "embedding"; model: string; provider: string }
  /** A local folder or a hub id. */
  | { kind: "transformer" | "transformer-raw" | "bertscore" | "bertscore-raw" | "bertscore-idf"; model: string }
  /** `judge:<model-id>`: an LLM judges each pair. */
  | { kind: "judge"; model: string };

const MODEL_KINDS = ["transformer", "transformer-raw", "bertscore", "bertscore-raw", "bertscore-idf"] as const;

export const DEFAULT_METRIC_SPEC: MetricSpec = { kind: "builtin", name: "hybrid" };

/** Parses `hybrid`, `embedding:ollama:nomic-embed-text`, `bertscore:./folder`, `judge:openai:gpt-4o-mini`, …; UsageError otherwise. */
export function parseMetricSpec(text: string): MetricSpec {
  const name = text.trim();
  if ((METRIC_NAMES as readonly string[]).includes(name)) return { kind: "builtin", name: name as MetricName };
  if (name.startsWith("judge:")) {
    const model = name.slice("judge:".length);
    if (!model) throw new UsageError("judge: needs a model id, e.g. --judge openai:gpt-4o-mini");
    return { kind: "judge", model: parseModelId(model).id };
  }
  if (name.startsWith("embedding:")) {
    const model = name.slice("embedding:".length);
    if (!model) throw new UsageError("embedding: needs a model id, e.g. embedding:ollama:nomic-embed-text");
    return { kind: "embedding", model, provider: model.split(":")[0]! };
  }
  for (const kind of MODEL_KINDS) {
    if (!name.startsWith(`${kind}:`)) continue;
    const model = name.slice(kind.length + 1);
    if (!model) throw new UsageError(`${kind}: needs a model: a local folder (./all-mpnet-base-v2) or a hub id (Xenova/all-mpnet-base-v2).`);
    return { kind, model };
  }
  throw new UsageError(
    `Unknown metric "${name}". Use one of: ${METRIC_NAMES.join(", ")}, embedding:<model-id> (e.g. embedding:ollama:nomic-embed-text), ` +
      "transformer:<folder|hub-id>, bertscore:<folder|hub-id> (each also -raw), bertscore-idf:<folder|hub-id> or judge:<model-id>.",
  );
}

/** The metric's text, as `parseMetricSpec` reads it. */
export function metricSpecText(spec: MetricSpec): string {
  return spec.kind === "builtin" ? spec.name : `${spec.kind}:${spec.model}`;
}

/** The judge's model id, when the metric is an LLM judge (its calls then need a model in the pool). */
export const judgeOf = (spec: MetricSpec): string | undefined => (spec.kind === "judge" ? spec.model : undefined);

/** `--judge <id>` is `--metric judge:<id>`; both at once is a clash unless they agree. */
export function withJudge(metric: string | undefined, judge: string | undefined): string {
  if (!judge) return metric ?? metricSpecText(DEFAULT_METRIC_SPEC);
  if (metric && metric !== "hybrid" && metric !== `judge:${judge}`) throw new UsageError(`--judge and --metric ${metric} both choose the metric; give one of them.`);
  return `judge:${judge}`;
}
