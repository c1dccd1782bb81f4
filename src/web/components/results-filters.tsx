/**
 * The results table's filters: search the question text, a category, a target, a score range. Changes apply
 * as they are made (the search after a short pause in typing); "Clear filters" puts everything back.
 */
import type { TableState } from "../lib/table-state.js";
import { bound, filtered } from "../lib/table-state.js";

interface Props {
  state: TableState;
  categories: { category: string; questions: number }[];
  targets: string[];
  onChange(values: Partial<TableState>): void;
  onClear(): void;
}

export function ResultsFilters({ state, categories, targets, onChange, onClear }: Props) {
  const badMin = state.min.trim() !== "" && bound(state.min) === undefined;
  const badMax = state.max.trim() !== "" && bound(state.max) === undefined;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is what the browsers we test support
    <form class="filters" role="search" aria-label="Filter the results" onSubmit={(e) => e.preventDefault()}>
      <label class="grow">
        Search questions
        <input type="search" name="search" value={state.search} placeholder="words in the question" onInput={(e) => onChange({ search: e.currentTarget.value })} />
      </label>
      {categories.length > 0 && (
        <label>
          Category
          <select name="category" value={state.category} onChange={(e) => onChange({ category: e.currentTarget.value })}>
            <option value="">all categories</option>
            {categories.map((c) => (
              <option value={c.category}>
                {c.category} ({c.questions})
              </option>
            ))}
          </select>
        </label>
      )}
      {targets.length > 1 && (
        <label>
          Target
          <select name="target" value={state.target} onChange={(e) => onChange({ target: e.currentTarget.value })}>
            <option value="">all targets</option>
            {targets.map((t) => (
              <option value={t}>{t}</option>
            ))}
          </select>
        </label>
      )}
      <fieldset class="range">
        <legend>Consistency from … to</legend>
        <label>
          <span class="sr-only">Lowest consistency</span>
          <input name="min" inputMode="decimal" size={5} value={state.min} placeholder="0" aria-invalid={badMin} onInput={(e) => onChange({ min: e.currentTarget.value })} />
        </label>
        <span aria-hidden="true">–</span>
        <label>
          <span class="sr-only">Highest consistency</span>
          <input name="max" inputMode="decimal" size={5} value={state.max} placeholder="1" aria-invalid={badMax} onInput={(e) => onChange({ max: e.currentTarget.value })} />
        </label>
      </fieldset>
      {filtered(state) && (
        <button type="button" class="secondary" onClick={onClear}>
          Clear filters
        </button>
      )}
      {(badMin || badMax) && <p class="error-text">A score bound is a number from 0 to 1 (e.g. 0.6); it is ignored until then.</p>}
    </form>
  );
}
