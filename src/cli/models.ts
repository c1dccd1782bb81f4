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
  target?: string;
  prober?: string;
  baseUrl?: string;
  proberBaseUrl?: string;
  yes?: boolean;
}

export interface ChosenModels {
  target: string;
  prober: string;
  /** Sentences for the user about choices made for them. */
  notes: string[];
}

export async function chooseModels(options: ModelOptions, env: Env): Promise<ChosenModels> {
  const notes: string[] = [];
  let target = options.target ? parseModelId(options.target).id : undefined;
  if (!target) {
    const detected = await detectDefaultModel({ env });
    target = detected.id;
    notes.push(`Target: ${target} (${detected.reason}; choose another with --target).`);
  }
  const prober = options.prober ? parseModelId(options.prober).id : target;
  return { target, prober, notes };
}

export interface ModelPool {
  /** The model for a call: the prober's settings for probe calls, the target's for answers. */
  forCall(spec: CallSpec): LanguageModel;
  close(): Promise<void>;
}

/**
 * --base-url is the target's server; the prober uses it too when it is of the same provider (never
 * otherwise: an openai: prober must not send its key to the target's server). --prober-base-url wins.
 */
export function proberBaseUrl(chosen: ChosenModels, options: ModelOptions): string | undefined {
  if (options.proberBaseUrl) return options.proberBaseUrl;
  return parseModelId(chosen.prober).provider === parseModelId(chosen.target).provider ? options.baseUrl : undefined;
}

export async function createModelPool(chosen: ChosenModels, options: ModelOptions, env: Env, status?: Status): Promise<ModelPool> {
  const dir = cacheDir(env);
  const build = async (id: string, baseUrl: string | undefined) => {
    const spec = parseModelId(id);
    let allowDownload = Boolean(options.yes);
    if (spec.provider === "llamacpp" && spec.model.startsWith("hf:") && !allowDownload) {
      const { isLlamaCppModelCached } = await import("../providers/llamacpp.js");
      if (!(await isLlamaCppModelCached(spec.model, dir))) {
        await confirmDownload(`The model ${spec.model}`, { yes: options.yes });
        allowDownload = true;
      }
    }
    return createLanguageModel(id, { env, baseUrl, cacheDir: dir, allowDownload, onDownloadProgress: downloadProgress(`Downloading ${spec.model}`) });
  };
  const target = await build(chosen.target, options.baseUrl);
  const proberUrl = proberBaseUrl(chosen, options);
  const prober = chosen.prober === chosen.target && proberUrl === options.baseUrl ? target : await build(chosen.prober, proberUrl);
  const models = [...new Set([target, prober])];
  // Embedded models download and load now, so no call's timeout has to cover it.
  for (const model of models.filter((m) => m.prepare)) {
    status?.progress(`Loading ${model.id}…`);
    await model.prepare!();
  }
  return {
    forCall: (spec) => (spec.role === "probe" ? prober : target),
    async close() {
      await Promise.all(models.map((m) => m.close?.()));
    },
  };
}
