/**
 * Target and prober: any model id may be typed; the detected ones are offered in a list. Says which providers
 * are available and what to do when none is.
 */
import type { ModelCatalog } from "../../server/api-types.js";
import type { CatalogState } from "../lib/use-catalog.js";
import { Notice } from "./notice.js";

interface Props {
  catalog: CatalogState;
  target: string;
  prober: string;
  disabled?: boolean;
  /** The user is in the target field (a detected model must not be written into it now). */
  onTargetFocus(): void;
  onChange(values: { target?: string; prober?: string }): void;
}

export function ModelPicker(props: Props) {
  const catalog = props.catalog.state === "ok" ? props.catalog.catalog : undefined;
  return (
    <fieldset class="models" disabled={props.disabled}>
      <legend>Models</legend>
      <datalist id="model-options">
        {catalog?.models.map((m) => (
          <option value={m.id} />
        ))}
      </datalist>
      <div class="row">
        <label>
          Target <span class="hint">answers the question and every probe</span>
          <input
            name="target"
            list="model-options"
            value={props.target}
            placeholder="e.g. ollama:llama3.2"
            autocomplete="off"
            spellcheck={false}
            required
            onFocus={props.onTargetFocus}
            onInput={(e) => props.onChange({ target: e.currentTarget.value })}
          />
        </label>
        <label>
          Prober <span class="hint">writes the probes (temperature 0)</span>
          <input
            name="prober"
            list="model-options"
            value={props.prober}
            placeholder="same as the target"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => props.onChange({ prober: e.currentTarget.value })}
          />
        </label>
      </div>
      {props.catalog.state === "loading" && <p class="muted">Looking for models…</p>}
      {props.catalog.state === "error" && <Notice kind="error">{props.catalog.message}</Notice>}
      {catalog && <ProviderList catalog={catalog} />}
    </fieldset>
  );
}

function ProviderList({ catalog }: { catalog: ModelCatalog }) {
  if (catalog.models.length === 0 && !catalog.providers.some((p) => p.available)) {
    return (
      <Notice kind="warning" title="No LLM reachable">
        Start Ollama (<code>ollama serve</code>, then <code>ollama pull llama3.2</code>), or set <code>OPENAI_API_KEY</code> or <code>ANTHROPIC_API_KEY</code> before starting{" "}
        <code>auditllm serve</code>, or start it with <code>--base-url</code> for an OpenAI-compatible server. Then reload this page.
      </Notice>
    );
  }
  return (
    <details class="providers">
      <summary>
        {catalog.models.length} model(s) found · providers:{" "}
        {catalog.providers
          .filter((p) => p.available)
          .map((p) => p.provider)
          .join(", ") || "none"}
      </summary>
      <ul>
        {catalog.providers.map((p) => (
          <li>
            <span aria-hidden="true">{p.available ? "✓" : "✗"}</span> <strong>{p.provider}</strong> <span class="sr-only">{p.available ? "available" : "not available"}</span>: {p.detail}
          </li>
        ))}
      </ul>
    </details>
  );
}
