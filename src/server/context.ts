/** The state the routes share: the injected deps, one model per id, probe drafts and the audits under way. */
import type { LanguageModel } from "../providers/types.js";
import type { ServerDeps } from "./deps.js";
import { createDraftStore, type DraftStore } from "./live/drafts.js";
import { redactor } from "./redact.js";

export interface AppContext {
  deps: ServerDeps;
  /** The model for an id, built once (throws ProviderError on a bad id or a missing key). */
  model(id: string): LanguageModel;
  drafts: DraftStore;
  /** Cancels everything under way when the server stops. */
  active: Set<AbortController>;
  /** Removes every secret of the environment from text bound for a response or a log. */
  redact(text: string): string;
  close(): Promise<void>;
}

export function createContext(deps: ServerDeps): AppContext {
  const models = new Map<string, LanguageModel>();
  const active = new Set<AbortController>();
  return {
    deps,
    model(id) {
      let model = models.get(id);
      if (!model) {
        model = deps.createModel(id);
        models.set(id, model);
      }
      return model;
    },
    drafts: createDraftStore(),
    active,
    redact: redactor(deps.env, deps.token),
    async close() {
      for (const controller of active) controller.abort();
      await Promise.all([...models.values()].map((m) => m.close?.()));
      models.clear();
    },
  };
}
