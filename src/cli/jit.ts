/**
 * The command's JIT setting. A batch is a short process that runs a lot of branchy text code (tokenizers,
 * stemmer, fact and contradiction rules) a few thousand times each: V8's optimizing compiler, tuned for
 * long-running hot loops, spends as much CPU compiling that code as the code itself takes, mostly on
 * inlining the same helpers into every caller. A smaller inlining budget halves that compile work and does
 * not slow the compiled code measurably here (README, "Speed": 300 TruthfulQA questions, 2,099 calls).
 *
 * Only the command sets it (a program that imports auditllm keeps its own settings), and a user's own
 * inlining flag (in NODE_OPTIONS or on node's command line) wins.
 */
import { setFlagsFromString } from "node:v8";

/** V8's default is 460 bytes of bytecode per inlined function. */
export const INLINING_FLAG = "--max-inlined-bytecode-size=100";

/** The V8 flag the command sets, or undefined when the user chose an inlining setting of their own. */
export function jitFlag(nodeOptions: string | undefined, execArgv: readonly string[]): string | undefined {
  const own = [...(nodeOptions ?? "").split(/\s+/), ...execArgv].some((arg) => /^--(?:no-)?(?:max-inlin|turbo-inlining|v8-options)/.test(arg.replace(/_/g, "-")));
  return own ? undefined : INLINING_FLAG;
}

/** Applies jitFlag to this process (before the audit's code has run enough to be compiled). */
export function tuneJit(nodeOptions = process.env.NODE_OPTIONS, execArgv: readonly string[] = process.execArgv): void {
  const flag = jitFlag(nodeOptions, execArgv);
  if (flag) setFlagsFromString(flag);
}
