/** Plain data that flows through the audit pipeline: probes → answers → scores. No I/O here. */
import type { ChatMessage, GenerateResult } from "../providers/types.js";

/** One LLM call the pipeline wants made. Identical specs are the same call (see calls/key). */
export interface CallSpec {
  role: "probe" | "answer" | "judge";
  /** Model id, e.g. "ollama:llama3.2". */
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens?: number;
  /** Which sample of this prompt: 0, 1, … Repeats at the same index are the same call; other indices are new samples. */
  sampleIndex: number;
  seed?: number;
}

export interface CallResult extends GenerateResult {
  key: string;
  /** True when the answer came from the run's journal (resume) instead of the provider. */
  cached: boolean;
  latencyMs: number;
  attempts: number;
}

export interface StreamHandlers {
  onDelta(text: string): void;
  /** The call is being retried: text streamed so far is void. */
  onRestart?(): void;
}

/** Makes one call (with retries, timeouts, journaling); throws ProviderError when it gives up. */
export type Complete = (spec: CallSpec, stream?: StreamHandlers) => Promise<CallResult>;

export interface Probe {
  text: string;
  source: "generated" | "user";
  /** Similarity of the probe to the question (0..1). */
  relevance: number;
}

export interface DroppedProbe {
  text: string;
  reason: string;
}

export interface Answer {
  /** 0 is the original question; i ≥ 1 is probe i. */
  promptIndex: number;
  prompt: string;
  sampleIndex: number;
  text?: string;
  /** Mean similarity to every other answer; undefined when this answer failed or stands alone. */
  agreement?: number;
  error?: { kind: string; message: string };
  finishReason?: string;
}

export interface SimilarPair {
  /** Indices into the scored answers (the pairwise matrix). */
  a: number;
  b: number;
  similarity: number;
}

/** Two answers that contradict each other (indices into the scored answers), and what each says. */
export interface Contradiction {
  a: number;
  b: number;
  kind: "polarity" | "number" | "name" | "judge";
  /** What answer a says and what answer b says instead (e.g. "42" / "28"); absent for a judge. */
  says?: [string, string];
}

/** One sentence of an answer and how well the other answers back it (0..1). */
export interface SentenceSupport {
  text: string;
  support: number;
}

/** An answer that answers nothing (index into the scored answers): left out of consistency, outliers and clusters. */
export interface NonAnswer {
  index: number;
  /** refusal ("I cannot answer…"), unknown ("It is unclear…", "I don't know"), restatement (repeats the question). */
  kind: "refusal" | "unknown" | "restatement";
}

export interface ConsistencyScores {
  metric: string;
  threshold: number;
  /** Indices into AuditResult.answers of the answers that were scored (the rows of pairwise). */
  scored: number[];
  pairwise: number[][];
  /**
   * Mean pairwise agreement of the answers that answer (non-answers left apart); when fewer than two
   * answer, of all answers. Undefined with fewer than two answers.
   */
  consistency?: number;
  /** Per scored answer, its mean agreement with the others that answer. */
  agreement: number[];
  /** Scored answers that answer nothing (refusals, "I don't know", restatements). */
  nonAnswers?: NonAnswer[];
  /** True when at most one answer answers, or non-answers are the majority: the consistency says little. */
  mostlyNonAnswers?: boolean;
  dissimilarPairs: SimilarPair[];
  /** Scored-answer indices whose agreement is low (see core/scores). */
  outliers: number[];
  /** With samples ≥ 2: mean similarity of answers to the same prompt (sampling noise). */
  withinPrompt?: number;
  /** With samples ≥ 2: mean similarity of answers to different prompts (paraphrase sensitivity). */
  acrossPrompts?: number;
  /** Scored answers that answer, grouped by meaning (see core/meaning); absent before meaning analysis ran. */
  clusters?: number[][];
  /** Entropy (nats) of the answers over meaning clusters: 0 when all say the same thing. */
  semanticEntropy?: number;
  /** Pairs of scored answers that contradict each other. */
  contradictions?: Contradiction[];
  /** Per scored answer, its sentences and how well the other answers back each. */
  sentences?: SentenceSupport[][];
}

export interface AuditConfig {
  target: string;
  prober: string;
  probeCount: number;
  samples: number;
  temperature: number;
  proberTemperature: number;
  maxTokens: number;
  diversity: "low" | "medium" | "high";
}

/** Reference answers to a question (TruthfulQA's Correct / Incorrect Answers). */
export interface References {
  correct: string[];
  incorrect: string[];
}

/** How close the answers come to the correct references rather than the incorrect ones (core/truthfulness). */
export interface Truthfulness {
  metric: string;
  /** Mean over the scored answers, 0..1. */
  mean: number;
  /** Per scored answer (the rows of the pairwise matrix). */
  perAnswer: number[];
}

export interface AuditResult {
  question: string;
  config: AuditConfig;
  probes: Probe[];
  droppedProbes: DroppedProbe[];
  answers: Answer[];
  scores: ConsistencyScores;
  /** When the question came with reference answers. */
  truthfulness?: Truthfulness;
  warnings: string[];
}
