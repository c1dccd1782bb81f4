/** The probes' diversity setting (how far probes may move from the question's wording), one labelled select. */
import type { Diversity } from "../../server/api-types.js";

export function DiversitySelect({ value, onChange }: { value: Diversity; onChange(value: Diversity): void }) {
  return (
    <label>
      Diversity
      <select name="diversity" value={value} onChange={(e) => onChange(e.currentTarget.value as Diversity)}>
        <option value="low">low: close to the wording</option>
        <option value="medium">medium</option>
        <option value="high">high: freely reworded</option>
      </select>
    </label>
  );
}
