/**
 * The command's JIT settings. A batch is a short process that runs a lot of branchy text code (tokenizers,
 * stemmer, fact and contradiction rules) a few thousand times each: V8's optimizing compiler, tuned for
 * long-running hot loops, spent as much CPU compiling that code as the code itself took. These settings cut
 * that compile work without slowing the compiled code measurably here (README, "Speed": 300 TruthfulQA
 * questions, 2,099 calls):
 * - smaller inlining budgets (per inlined function, and in all per compiled function): half of TurboFan's
 *   work was inlining the same helpers into every caller;
 * - a 4× interrupt budget: a function is optimized after four times as much interpreted work, so the many
 *   functions that are warm for a moment in a run of seconds are never compiled at all, while the hot ones
 *   (the scoring loops of a long batch) still are, a fraction of a second later;
 * - regular expressions compiled to machine code at once: the text code runs some hundred of them, nearly all
 *   soon again, so tiering each up from bytecode was two compilations where one does.
 *
 * Only the command sets them (a program that imports auditllm keeps its own settings). Node refuses V8 flags
 * like these in NODE_OPTIONS, so AUDITLLM_V8_FLAGS replaces the command's choice (empty: V8's defaults),
 * and a flag of the same kind on node's own command line wins over both.
 */
import { setFlagsFromString } from "node:v8";

/**
 * The flags the command sets: V8's defaults are 460 bytes of bytecode per inlined function, 920 inlined into
 * one function in all, an interrupt budget of 66 KiB (67,584), and regular expressions run by V8's bytecode
 * interpreter first, compiled to machine code once they have run (each compiled twice).
 */
export const JIT_FLAGS = ["--max-inlined-bytecode-size=100", "--max-inlined-bytecode-size-cumulative=100", "--interrupt-budget=270336", "--no-regexp-tier-up"] as const;

/** Flags that decide the same thing (a name without "--", "no-" or a value, matched by its start). */
const KINDS = [/^(?:max-inlin|turbo-inlining)/, /^interrupt-budget$/];

/** What a flag sets: its kind's pattern source, or its own name when it has no listed kind. */
function kindOf(flag: string): string {
  const name = flag.replace(/^--?/, "").replace(/=.*$/, "").replace(/_/g, "-").replace(/^no-/, "");
  return KINDS.find((kind) => kind.test(name))?.source ?? name;
}

/** The V8 flags the command sets ("" for none): AUDITLLM_V8_FLAGS or JIT_FLAGS, less those whose kind node's command line sets. */
export function jitFlags(env: Record<string, string | undefined>, execArgv: readonly string[]): string {
  const chosen = env.AUDITLLM_V8_FLAGS === undefined ? [...JIT_FLAGS] : env.AUDITLLM_V8_FLAGS.split(/\s+/).filter(Boolean);
  const onCommandLine = new Set(execArgv.filter((arg) => arg.startsWith("--")).map(kindOf));
  return chosen.filter((flag) => !onCommandLine.has(kindOf(flag))).join(" ");
}

/** Applies jitFlags to this process (before the audit's code has run enough to be compiled). */
export function tuneJit(env: Record<string, string | undefined> = process.env, execArgv: readonly string[] = process.execArgv): void {
  const flags = jitFlags(env, execArgv);
  if (flags) setFlagsFromString(flags);
}
