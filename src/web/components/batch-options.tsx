/** The settings of a batch run: probes per question, samples, temperature, diversity, metric, concurrency. */
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
}

export const initialOptions: BatchOptionValues = { probes: 5, samples: 1, temperature: 0.5, diversity: "medium", metric: "", concurrency: 8 };

const METRICS = ["hybrid", "glove", "lexical", "token-f1", "rouge-l"];
const number = (value: string, fallback: number) => (value !== "" && Number.isFinite(Number(value)) ? Number(value) : fallback);

export function BatchOptions({ values, serverMetric, onChange }: { values: BatchOptionValues; serverMetric?: string; onChange(values: Partial<BatchOptionValues>): void }) {
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
      </div>
      <p class="muted">
        Each question costs one prober call and (probes + 1) × samples answers per target. The run is stored as it goes: it can be cancelled and resumed without paying twice, and it carries on if this
        page is closed.
      </p>
    </fieldset>
  );
}
