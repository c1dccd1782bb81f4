/** An LLM judge: pair verdicts (agree / contradict / neutral) as a similarity metric and sentence support. */
export { createJudgeMetric, DEFAULT_JUDGE_MAX_TOKENS, PAIR_SCORE, SUPPORT_SCORE } from "./metric.js";
export type { JudgedMatrix, Judgement, JudgeMetric, JudgeOptions, SupportJudgement } from "./metric.js";
export { parsePairVerdict, parseSupportVerdict, type PairVerdict, type SupportVerdict } from "./parse.js";
export { JUDGE_PROMPT_ID, pairVerdictPrompt, supportVerdictPrompt, type JudgePromptOptions } from "./prompt.js";
