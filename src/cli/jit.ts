/**
 * The command's JIT setting. A batch is a short process that runs a lot of branchy text code (tokenizers,
 * stemmer, fact and contradiction rules) a few thousand times each: V8's optimizing compiler, tuned for
 * long-running hot loops, spent as much CPU compiling that code as the code itself took, half of it on
 * inlining the same helpers into every caller. A smaller inlining budget cuts that compile work and does
 * not slow the compiled code measurably here (README, "Speed": 300 TruthfulQA questions, 2,099 calls).
 *
 * Only the command sets it (a program that imports auditllm keeps its own settings). Node refuses V8 flags
 * like these in NODE_OPTIONS, so AUDITLLM_V8_FLAGS replaces the command's choice (empty: V8's defaults),
 * and an inlining flag on node's own command line wins over both.
 */
import { setFlagsFromString } from "node:v8";

/** V8's default is 460 bytes of bytecode per inlined function. */
export const INLINING_FLAG = "--max-inlined-bytecode-size=100";

/** The V8 flags the command sets ("" for none). */
export function jitFlags(env: Record<string, string | undefined>, execArgv: readonly string[]): string {
  if (execArgv.some((arg) => /^--(?:no-)?(?:max-inlin|turbo-inlining)/.test(arg.replace(/_/g, "-")))) return "";
  return env.AUDITLLM_V8_FLAGS ?? INLINING_FLAG;
}

/** Applies jitFlags to this process (before the audit's code has run enough to be compiled). */
export function tuneJit(env: Record<string, string | undefined> = process.env, execArgv: readonly string[] = process.execArgv): void {
  const flags = jitFlags(env, execArgv).trim();
  if (flags) setFlagsFromString(flags);
}
