/**
 * Which models a run uses, and the pool that builds each once (with consent before any download): the
 * targets, the prober and a judge. `--base-url` is the first target's server; other models use it only when
 * they are of the same provider (an openai: prober must never send its key to the target's server).
 */
import { cacheDir } from "../config/paths.js";
import type { CallSpec } from "../core/types.js";
import { detectDefaultModel } from "../providers/detect.js";
import type { Env } from "../providers/endpoints.js";
import { parseModelId } from "../providers/model-id.js";
import { createLanguageModel } from "../providers/registry.js";
import type { LanguageModel } from "../providers/types.js";
import { UsageError } from "./errors.js";

export interface ModelChoice {
  /** One model id, or several separated by commas (batch). */
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
}

export interface ChosenModels {
  targets: string[];
  prober: string;
  /** The model of a judge:<model-id> metric, if the run uses one. */
  judge?: string;
  /** Sentences for the user about choices made for them. */
  notes: string[];
}

/** How a pool may fetch models: asked before each download (default: refused unless `allowDownload`). */
export interface DownloadPolicy {
  allowDownload?: boolean;
  /** Resolves to go ahead, throws to refuse (the CLI asks on a terminal). */
  confirmDownload?(what: string): Promise<void>;
  /** Hears a download's progress, by label. */
  downloadProgress?(label: string): (done: number, total: number) => void;
  /** Hears what is happening now ("Loading …"). */
  onProgress?(message: string): void;
}

/** The run's models by id; `given` ids (model objects of the caller's) are taken as they are. */
export async function chooseModels(choice: ModelChoice, env: Env, given: string[] = []): Promise<ChosenModels> {
  const notes: string[] = [];
  const idOf = (id: string) => (given.includes(id) ? id : parseModelId(id).id);
  let targets = (choice.target ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)
    .map(idOf);
  targets = [...new Set(targets)];
  if (targets.length === 0) {
    const detected = await detectDefaultModel({ env });
    targets = [detected.id];
    notes.push(`Target: ${detected.id} (${detected.reason}; choose another with --target).`);
  }
  const prober = choice.prober ? idOf(choice.prober) : targets[0]!;
  return { targets, prober, notes };
}

export interface ModelPool {
  /** The model for a call: the prober for probe calls, the judge for judge calls, the call's target for answers. */
  forCall(spec: CallSpec): LanguageModel;
  close(): Promise<void>;
}

export function baseUrlFor(id: string, chosen: ChosenModels, choice: ModelChoice): string | undefined {
  return id.split(":")[0] === chosen.targets[0]!.split(":")[0] ? choice.baseUrl : undefined;
}

/** The prober's server: --prober-base-url, else as baseUrlFor. */
export function proberBaseUrl(chosen: ChosenModels, choice: ModelChoice): string | undefined {
  return choice.proberBaseUrl ?? baseUrlFor(chosen.prober, chosen, choice);
}

const refuse = async (what: string) => {
  throw new UsageError(`${what} is not downloaded yet. Allow the download (--yes), or choose a model with --target (e.g. ollama:llama3.2).`);
};

/** Builds every model of a run once; `given` models (instances, e.g. a mock in tests) are used as they are. */
export async function createModelPool(chosen: ChosenModels, choice: ModelChoice, env: Env, policy: DownloadPolicy = {}, given: LanguageModel[] = []): Promise<ModelPool> {
  const dir = cacheDir(env);
  const built = new Map<string, LanguageModel>();
  const build = async (id: string, baseUrl: string | undefined) => {
    const instance = given.find((m) => m.id === id);
    if (instance) return instance;
    const key = `${id} ${baseUrl ?? ""}`;
    const existing = built.get(key);
    if (existing) return existing;
    const spec = parseModelId(id);
    let allowDownload = Boolean(policy.allowDownload);
    if (spec.provider === "llamacpp" && spec.model.startsWith("hf:") && !allowDownload) {
      const { isLlamaCppModelCached } = await import("../providers/llamacpp.js");
      if (!(await isLlamaCppModelCached(spec.model, dir))) {
        await (policy.confirmDownload ?? refuse)(`The model ${spec.model}`);
        allowDownload = true;
      }
    }
    const model = createLanguageModel(id, { env, baseUrl, cacheDir: dir, allowDownload, onDownloadProgress: policy.downloadProgress?.(`Downloading ${spec.model}`) });
    built.set(key, model);
    return model;
  };
  const targets = new Map<string, LanguageModel>();
  for (const id of chosen.targets) targets.set(id, await build(id, baseUrlFor(id, chosen, choice)));
  const prober = await build(chosen.prober, proberBaseUrl(chosen, choice));
  const judge = chosen.judge ? await build(chosen.judge, baseUrlFor(chosen.judge, chosen, choice)) : undefined;
  const models = [...new Set(built.values())];
  // Embedded models download and load now, so no call's timeout has to cover it.
  for (const model of models.filter((m) => m.prepare)) {
    policy.onProgress?.(`Loading ${model.id}…`);
    await model.prepare!();
  }
  return {
    forCall: (spec) => (spec.role === "probe" ? prober : spec.role === "judge" && judge ? judge : (targets.get(spec.model) ?? prober)),
    async close() {
      await Promise.all(models.map((m) => m.close?.()));
    },
  };
}

/** The pool of a run whose questions all brought their answers: nothing to call. */
export function noModels(): ModelPool {
  return {
    forCall: (spec) => {
      throw new Error(`no model was loaded for ${spec.model}: every question of this run brought its answers`);
    },
    close: async () => {},
  };
}
