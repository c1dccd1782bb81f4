/**
 * The probes, editable before they are answered: change a probe's wording, drop it, or add one of your own.
 * A probe kept as the prober wrote it shows its relevance to the question.
 */
import { isEdited, type EditableProbe } from "../lib/live-state.js";
import { fixed } from "../lib/format.js";

interface Props {
  probes: EditableProbe[];
  dropped: { text: string; reason: string }[];
  disabled?: boolean;
  onEdit(key: number, text: string): void;
  onRemove(key: number): void;
  onAdd(): void;
}

function origin(p: EditableProbe): string {
  if (p.generated === undefined) return "yours";
  if (isEdited(p)) return "edited";
  return `relevance ${fixed(p.relevance)}`;
}

export function ProbeEditor(props: Props) {
  return (
    <fieldset class="probes" disabled={props.disabled}>
      <legend>Probes ({props.probes.length})</legend>
      {props.probes.length === 0 && <p class="muted">No probes yet: generate them, or add your own.</p>}
      <ol>
        {props.probes.map((p, i) => (
          <li key={p.key}>
            <label class="probe">
              <span class="label">P{i + 1}</span>
              <input name={`probe-${i + 1}`} aria-label={`Probe ${i + 1}`} value={p.text} maxLength={20000} onInput={(e) => props.onEdit(p.key, e.currentTarget.value)} />
            </label>
            <span class="badge">{origin(p)}</span>
            <button type="button" class="secondary" aria-label={`Remove probe ${i + 1}`} onClick={() => props.onRemove(p.key)}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" onClick={props.onAdd}>
        Add a probe
      </button>
      {props.dropped.length > 0 && (
        <details>
          <summary>{props.dropped.length} probe(s) the checks left out</summary>
          <ul>
            {props.dropped.map((d) => (
              <li>
                {d.text} <span class="muted">— {d.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </fieldset>
  );
}
