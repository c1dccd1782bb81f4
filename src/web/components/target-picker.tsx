/**
 * The models of a batch run: several targets (ticked from the detected models, or typed), audited on the same
 * probes, and the prober that writes them. Says which providers are available and what to do when none is.
 */
import type { ModelCatalog } from "../../server/api-types.js";
import type { CatalogState } from "../lib/use-catalog.js";
import { Notice } from "./notice.js";

interface Props {
  catalog: CatalogState;
  /** Ticked catalog models. */
  checked: string[];
  /** Other model ids, as typed (comma-separated). */
  typed: string;
  prober: string;
  onChange(values: { checked?: string[]; typed?: string; prober?: string }): void;
}

/** The chosen targets: ticked ones, then typed ones, each once. */
export function chosenTargets(checked: string[], typed: string): string[] {
  return [
    ...new Set([
      ...checked,
      ...typed
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ]),
  ];
}

export function TargetPicker(props: Props) {
  const catalog: ModelCatalog | undefined = props.catalog.state === "ok" ? props.catalog.catalog : undefined;
  const toggle = (id: string, on: boolean) => props.onChange({ checked: on ? [...props.checked, id] : props.checked.filter((c) => c !== id) });
  const targets = chosenTargets(props.checked, props.typed);
  return (
    <fieldset class="targets-picker">
      <legend>2. Models</legend>
      <datalist id="batch-model-options">
        {catalog?.models.map((m) => (
          <option value={m.id} />
        ))}
      </datalist>
      <fieldset class="plain">
        <legend>
          Targets <span class="hint">each answers every question and probe; several are compared on the same probes</span>
        </legend>
        {catalog && catalog.models.length > 0 && (
          <ul class="checks">
            {catalog.models.map((m) => (
              <li>
                <label class="check">
                  <input type="checkbox" name="target" value={m.id} checked={props.checked.includes(m.id)} onChange={(e) => toggle(m.id, e.currentTarget.checked)} />
                  <code>{m.id}</code>
                </label>
              </li>
            ))}
          </ul>
        )}
        <label class="block">
          Other targets <span class="hint">model ids separated by commas, e.g. openai:gpt-4o-mini, ollama:qwen2.5</span>
          <input name="other-targets" list="batch-model-options" value={props.typed} autocomplete="off" spellcheck={false} onInput={(e) => props.onChange({ typed: e.currentTarget.value })} />
        </label>
      </fieldset>
      <label class="block">
        Prober <span class="hint">writes the probes of every question (temperature 0)</span>
        <input
          name="prober"
          list="batch-model-options"
          value={props.prober}
          placeholder={targets[0] ? `the first target (${targets[0]})` : "the first target"}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => props.onChange({ prober: e.currentTarget.value })}
        />
      </label>
      <p class="muted" aria-live="polite">
        {targets.length ? `${targets.length} target(s): ${targets.join(", ")}` : "No target chosen yet."}
      </p>
      {props.catalog.state === "loading" && <p class="muted">Looking for models…</p>}
      {props.catalog.state === "error" && <Notice kind="error">{props.catalog.message}</Notice>}
      {catalog && catalog.models.length === 0 && (
        <Notice kind="warning" title="No model detected">
          Type model ids above, or start Ollama, set <code>OPENAI_API_KEY</code> / <code>ANTHROPIC_API_KEY</code>, or start the server with <code>--base-url</code> for an OpenAI-compatible server;
          then reload this page.
        </Notice>
      )}
    </fieldset>
  );
}
