/** The settings of a batch run: probes per question, samples, temperature, diversity, metric, concurrency, and another run whose probes to reuse. */
import { DiversitySelect } from "./diversity-select.js";
import type { Diversity } from "../../server/api-types.js";

export interface BatchOptionValues {
  probes: number;
  samples: number;
  temperature: number;
  diversity: Diversity;
  /** "" = the server's metric. */
  metric: string;
  concurrency: number;
  /** "" = write probes afresh; else the batch run whose probes are reused for the questions it shares. */
  probesFrom: string;
}

export const initialOptions: BatchOptionValues = { probes: 5, samples: 1, temperature: 0.5, diversity: "medium", metric: "", concurrency: 8, probesFrom: "" };

const METRICS = ["hybrid", "glove", "lexical", "token-f1", "rouge-l"];
const number = (value: string, fallback: number) => (value !== "" && Number.isFinite(Number(value)) ? Number(value) : fallback);

export interface RunChoice {
  id: string;
  label: string;
}

export function BatchOptions({
  values,
  serverMetric,
  runs = [],
  onChange,
}: {
  values: BatchOptionValues;
  serverMetric?: string;
  /** Earlier batch runs whose probes can be reused. */
  runs?: RunChoice[];
  onChange(values: Partial<BatchOptionValues>): void;
}) {
  return (
    <fieldset class="batch-options">
      <legend>3. Settings</legend>
      <div class="row">
        <label>
          Probes per question
          <input name="probes" type="number" min={0} max={20} value={values.probes} onInput={(e) => onChange({ probes: number(e.currentTarget.value, 5) })} />
        </label>
        <label>
          Samples per prompt
          <input name="samples" type="number" min={1} max={10} value={values.samples} onInput={(e) => onChange({ samples: number(e.currentTarget.value, 1) })} />
        </label>
        <label>
          Target temperature
          <input name="temperature" type="number" min={0} max={2} step={0.1} value={values.temperature} onInput={(e) => onChange({ temperature: number(e.currentTarget.value, 0.5) })} />
        </label>
        <DiversitySelect value={values.diversity} onChange={(diversity) => onChange({ diversity })} />
        <label>
          Metric <span class="hint">similarity of the answers</span>
          <input
            name="metric"
            list="batch-metrics"
            value={values.metric}
            placeholder={serverMetric ? `the server's: ${serverMetric}` : "the server's"}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => onChange({ metric: e.currentTarget.value })}
          />
          <datalist id="batch-metrics">
            {METRICS.map((m) => (
              <option value={m} />
            ))}
          </datalist>
        </label>
        <label>
          Concurrency <span class="hint">calls at once per server</span>
          <input name="concurrency" type="number" min={1} max={64} value={values.concurrency} onInput={(e) => onChange({ concurrency: number(e.currentTarget.value, 8) })} />
        </label>
        <label>
          Probes from <span class="hint">reuse an earlier run's probes for the questions it shares</span>
          <select name="probesFrom" value={values.probesFrom} onChange={(e) => onChange({ probesFrom: e.currentTarget.value })}>
            <option value="">none: the prober writes new ones</option>
            {runs.map((r) => (
              <option value={r.id}>{r.label}</option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted">
        Each question costs one prober call (none when its probes come from an earlier run: questions pair by id, else by their text, so a later run is compared on the same probes) and (probes + 1) ×
        samples answers per target. The run is stored as it goes: it can be cancelled and resumed without paying twice, and it carries on if this page is closed.
      </p>
    </fieldset>
  );
}
