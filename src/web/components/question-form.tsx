/** The question, how many probes to ask for and how far they may move, and the answer settings. */
import { DiversitySelect } from "./diversity-select.js";
import type { LiveState } from "../lib/live-state.js";

interface Props {
  state: LiveState;
  disabled?: boolean;
  onChange(values: Partial<Pick<LiveState, "question" | "count" | "diversity" | "samples" | "temperature">>): void;
}

/** The typed number, or nothing while the field is empty or half-typed (the state keeps its last value). */
const number = (value: string): number | undefined => (value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined);

function set<K extends "count" | "samples" | "temperature">(key: K, value: string, onChange: Props["onChange"]): void {
  const n = number(value);
  if (n !== undefined) onChange({ [key]: n });
}

export function QuestionForm({ state, disabled, onChange }: Props) {
  return (
    <fieldset class="question" disabled={disabled}>
      <legend>Question</legend>
      <label class="block">
        Question
        <textarea
          name="question"
          rows={2}
          maxLength={20000}
          required
          value={state.question}
          placeholder="Where did fortune cookies originate?"
          onInput={(e) => onChange({ question: e.currentTarget.value })}
        />
      </label>
      <div class="row">
        <label>
          Probes to write
          <input name="count" type="number" min={1} max={20} value={state.count} onInput={(e) => set("count", e.currentTarget.value, onChange)} />
        </label>
        <DiversitySelect value={state.diversity} onChange={(diversity) => onChange({ diversity })} />
        <label>
          Samples per prompt
          <input name="samples" type="number" min={1} max={10} value={state.samples} onInput={(e) => set("samples", e.currentTarget.value, onChange)} />
        </label>
        <label>
          Target temperature
          <input name="temperature" type="number" min={0} max={2} step={0.1} value={state.temperature} onInput={(e) => set("temperature", e.currentTarget.value, onChange)} />
        </label>
      </div>
    </fieldset>
  );
}
