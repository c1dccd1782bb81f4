/**
 * The project's config file, `auditllm.config.yaml` (or `.yml`, `.json`), found in the current folder or given
 * with --config: the settings of `batch` and the gate of `compare`, checked (zod) with errors that name the key
 * and its line. Paths in it (input, out, junit) are relative to the file's folder. Command-line flags override it.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";

const share = z.number().min(0).max(1);
const whole = (min: number) => z.number().int().min(min);

export const configSchema = z.strictObject({
  /** The questions file (.csv .tsv .jsonl .txt .xlsx). */
  input: z.string().min(1).optional(),
  /** The model(s) that answer: one id, or a list. */
  targets: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  prober: z.string().min(1).optional(),
  baseUrl: z.string().min(1).optional(),
  proberBaseUrl: z.string().min(1).optional(),
  probes: whole(0).optional(),
  samples: whole(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: whole(1).optional(),
  diversity: z.enum(["low", "medium", "high"]).optional(),
  metric: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  concurrency: whole(1).optional(),
  timeout: z.number().min(1).max(3600).optional(),
  retries: whole(0).optional(),
  /** The folder the reports go to. */
  out: z.string().min(1).optional(),
  /** A batch run whose probes are reused for the questions it shares. */
  probesFrom: z.string().min(1).optional(),
  /** A JUnit XML file to write. */
  junit: z.string().min(1).optional(),
  thresholds: z
    .strictObject({
      /** batch: exit 1 when a target's mean consistency is under this. */
      failUnder: share.optional(),
      /** compare: exit 1 when the mean consistency drops by more than this. */
      failIfWorse: share.optional(),
      /** compare: exit 1 when more than this share of the questions got worse by more than the margin. */
      maxWorseShare: share.optional(),
      /** compare: how far a question's score must move to count as better or worse. */
      margin: share.optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;

/** A config file that cannot be used: the message names the file, the line and the key. */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
}

/** Reads and checks a config file; its relative paths come back resolved against its folder. */
export function loadConfig(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigFileError(`Cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const name = basename(path);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (path.endsWith(".json")) checkJson(text, name, lines);
  const syntax = doc.errors[0];
  if (syntax) throw new ConfigFileError(`${name}:${syntax.linePos?.[0].line ?? 1}: ${syntax.message.split("\n")[0]}`);
  const value = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues[0]!);
    const path = issue.path.map(String);
    const unknown = issue.code === "unrecognized_keys" ? issue.keys[0]! : undefined;
    const where = unknown !== undefined ? [...path, unknown] : path;
    const line = lineOf(doc, lines, where, unknown !== undefined);
    const key = where.join(".") || "(the file)";
    const message = unknown !== undefined ? `unknown key "${key}" (known: ${knownKeys(path).join(", ")})` : `${key}: ${explain(issue.message)}`;
    throw new ConfigFileError(`${name}${line ? `:${line}` : ""}: ${message}`);
  }
  const config = parsed.data;
  const base = dirname(resolve(path));
  for (const key of ["input", "out", "junit"] as const) if (config[key] !== undefined) config[key] = resolve(base, config[key]);
  return config;
}

/** Of a union's failed branches (a value may be a string or a list), the issue that went deepest: it says the most. */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union" || !issue.errors.length) return issue;
  const inner = issue.errors.map((branch) => branch[0]!).reduce((a, b) => (b.path.length > a.path.length ? b : a));
  return deepest({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
}

/** JSON is stricter than YAML: a .json file must parse as JSON (the YAML parser gives the line). */
function checkJson(text: string, name: string, lines: LineCounter): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? lines.linePos(Number(at[1])).line : undefined;
    throw new ConfigFileError(`${name}${line ? `:${line}` : ""}: not valid JSON (${(error as Error).message})`);
  }
}

/** The line of a key (or of its value) in the document. */
function lineOf(doc: Document, lines: LineCounter, path: string[], ofKey: boolean): number | undefined {
  const parent = doc.getIn(ofKey ? path.slice(0, -1) : path.slice(0, -1), true) as { items?: { key?: { value?: unknown; range?: number[] }; value?: { range?: number[] } }[] } | undefined;
  const last = path.at(-1);
  let range: number[] | undefined;
  if (last !== undefined && parent?.items) {
    const index = Number(last);
    const item = Number.isInteger(index) && !parent.items[index]?.key ? (parent.items[index] as { range?: number[] } | undefined) : undefined;
    const pair = parent.items.find((p) => p.key !== undefined && String(p.key.value) === last);
    range = item?.range ?? (ofKey ? pair?.key?.range : (pair?.value?.range ?? pair?.key?.range));
  }
  return range ? lines.linePos(range[0]!).line : undefined;
}

function knownKeys(path: string[]): string[] {
  const shape = path[0] === "thresholds" ? configSchema.shape.thresholds.unwrap().shape : configSchema.shape;
  return Object.keys(shape);
}

/** zod's wording, made plainer. */
function explain(message: string): string {
  return message
    .replace(/^Invalid input: /, "")
    .replace(/^Too small: expected number to be >=(\d+)/, "must be at least $1")
    .replace(/^Too big: expected number to be <=(\d+)/, "must be at most $1");
}
