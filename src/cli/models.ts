/** Which models a command uses, built once each, with consent before any download. */
import { cacheDir } from "../config/paths.js";
import type { CallSpec } from "../core/types.js";
import { detectDefaultModel } from "../providers/detect.js";
import type { Env } from "../providers/endpoints.js";
import { parseModelId } from "../providers/model-id.js";
import { createLanguageModel } from "../providers/registry.js";
import type { LanguageModel } from "../providers/types.js";
import { confirmDownload } from "./consent.js";
import { downloadProgress } from "./progress-bar.js";
import type { Status } from "./status.js";

export interface ModelOptions {
  /** One model id, or several separated by commas (batch). */
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  yes?: boolean;
}

export interface ChosenModels {
  targets: string[];
  prober: string;
  /** The model of a judge:<model-id> metric, if the run uses one. */
  judge?: string;
  /** Sentences for the user about choices made for them. */
  notes: string[];
}

export async function chooseModels(options: ModelOptions, env: Env): Promise<ChosenModels> {
  const notes: string[] = [];
  let targets = (options.target ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => parseModelId(t).id);
  targets = [...new Set(targets)];
  if (targets.length === 0) {
    const detected = await detectDefaultModel({ env });
    targets = [detected.id];
    notes.push(`Target: ${detected.id} (${detected.reason}; choose another with --target).`);
  }
  const prober = options.prober ? parseModelId(options.prober).id : targets[0]!;
  return { targets, prober, notes };
}

export interface ModelPool {
  /** The model for a call: the prober for probe calls, the judge for judge calls, the call's target for answers. */
  forCall(spec: CallSpec): LanguageModel;
  close(): Promise<void>;
}

/**
 * --base-url is the first target's server; other models use it too when they are of the same provider
 * (never otherwise: an openai: prober must not send its key to the target's server).
 */
export function baseUrlFor(id: string, chosen: ChosenModels, options: ModelOptions): string | undefined {
  return parseModelId(id).provider === parseModelId(chosen.targets[0]!).provider ? options.baseUrl : undefined;
}

/** The prober's server: --prober-base-url, else as baseUrlFor. */
export function proberBaseUrl(chosen: ChosenModels, options: ModelOptions): string | undefined {
  return options.proberBaseUrl ?? baseUrlFor(chosen.prober, chosen, options);
}

export async function createModelPool(chosen: ChosenModels, options: ModelOptions, env: Env, status?: Status): Promise<ModelPool> {
  const dir = cacheDir(env);
  const built = new Map<string, LanguageModel>();
  const build = async (id: string, baseUrl: string | undefined) => {
    const key = `${id} ${baseUrl ?? ""}`;
    const existing = built.get(key);
    if (existing) return existing;
    const spec = parseModelId(id);
    let allowDownload = Boolean(options.yes);
    if (spec.provider === "llamacpp" && spec.model.startsWith("hf:") && !allowDownload) {
      const { isLlamaCppModelCached } = await import("../providers/llamacpp.js");
      if (!(await isLlamaCppModelCached(spec.model, dir))) {
        await confirmDownload(`The model ${spec.model}`, { yes: options.yes });
        allowDownload = true;
      }
    }
    const model = createLanguageModel(id, { env, baseUrl, cacheDir: dir, allowDownload, onDownloadProgress: downloadProgress(`Downloading ${spec.model}`) });
    built.set(key, model);
    return model;
  };
  const targets = new Map<string, LanguageModel>();
  for (const id of chosen.targets) targets.set(id, await build(id, baseUrlFor(id, chosen, options)));
  const prober = await build(chosen.prober, proberBaseUrl(chosen, options));
  const judge = chosen.judge ? await build(chosen.judge, baseUrlFor(chosen.judge, chosen, options)) : undefined;
  const models = [...new Set(built.values())];
  // Embedded models download and load now, so no call's timeout has to cover it.
  for (const model of models.filter((m) => m.prepare)) {
    status?.progress(`Loading ${model.id}…`);
    await model.prepare!();
  }
  return {
    forCall: (spec) => (spec.role === "probe" ? prober : spec.role === "judge" && judge ? judge : (targets.get(spec.model) ?? prober)),
    async close() {
      await Promise.all(models.map((m) => m.close?.()));
    },
  };
}
