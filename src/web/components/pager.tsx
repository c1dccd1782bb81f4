/** Paging of a long server-side list: where we are ("rows 51–100 of 9,862"), previous and next, and the page size. */
import { count } from "../lib/batch-format.js";

interface Props {
  total: number;
  offset: number;
  size: number;
  sizes?: number[];
  label: string;
  /** Announce changes to screen readers (one pager per list). */
  announce?: boolean;
  onPage(page: number): void;
  onSize?(size: number): void;
}

export function Pager(props: Props) {
  const page = Math.floor(props.offset / props.size);
  const pages = Math.max(1, Math.ceil(props.total / props.size));
  const first = props.total === 0 ? 0 : props.offset + 1;
  const last = Math.min(props.total, props.offset + props.size);
  return (
    <nav class="pager" aria-label={`${props.label} pages`}>
      <span role={props.announce ? "status" : undefined}>
        {props.label} {count(first)}–{count(last)} of {count(props.total)}
      </span>
      <button type="button" class="secondary" disabled={page === 0} onClick={() => props.onPage(page - 1)}>
        ← Previous
      </button>
      <span class="muted">
        page {count(page + 1)} of {count(pages)}
      </span>
      <button type="button" class="secondary" disabled={page >= pages - 1} onClick={() => props.onPage(page + 1)}>
        Next →
      </button>
      {props.sizes && props.onSize && (
        <label class="inline">
          per page
          <select value={props.size} onChange={(e) => props.onSize!(Number(e.currentTarget.value))}>
            {props.sizes.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
      )}
    </nav>
  );
}
