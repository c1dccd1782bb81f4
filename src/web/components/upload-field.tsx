/**
 * The questions file: chosen, uploaded and checked at once (format, question column, rows that will be
 * skipped), so a wrong file is said so before anything starts. Shows what was found, or what is wrong.
 */
import { useRef, useState } from "preact/hooks";
import type { UploadInfo } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { describeError, isAbort } from "../api/errors.js";
import { bytes, count } from "../lib/batch-format.js";
import { Notice } from "./notice.js";

export const ACCEPTED = ".csv,.tsv,.jsonl,.ndjson,.txt,.xlsx";

export function UploadField({ upload, onUpload, disabled }: { upload?: UploadInfo; onUpload(info: UploadInfo | undefined): void; disabled?: boolean }) {
  const [state, setState] = useState<{ busy?: string; error?: string }>({});
  const controller = useRef<AbortController | null>(null);
  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    controller.current?.abort();
    onUpload(undefined);
    if (!file) return setState({});
    controller.current = new AbortController();
    setState({ busy: `Uploading and checking ${file.name} (${bytes(file.size)})…` });
    try {
      onUpload(await batchApi.upload(file, controller.current.signal));
      setState({});
    } catch (error) {
      if (isAbort(error)) return;
      setState({ error: describeError(error) });
      input.value = ""; // so that choosing the same file again, once fixed, uploads it again
    }
  };
  return (
    <fieldset class="upload" disabled={disabled}>
      <legend>1. Questions</legend>
      <label class="block">
        Questions file <span class="hint">.csv, .tsv, .jsonl, .txt (one question a line) or .xlsx, with a question (or prompt, query) column</span>
        <input type="file" name="file" accept={ACCEPTED} onChange={(e) => choose(e.currentTarget)} />
      </label>
      {state.busy && (
        <p class="muted" role="status">
          {state.busy}
        </p>
      )}
      {state.error && (
        <Notice kind="error" title="This file cannot be audited">
          {state.error} Fix the file (or save it in one of the formats above) and choose it again.
        </Notice>
      )}
      {upload && <UploadSummary upload={upload} />}
    </fieldset>
  );
}

function UploadSummary({ upload }: { upload: UploadInfo }) {
  return (
    <div class="upload-summary" role="status">
      <p>
        ✓ <strong>{upload.name}</strong> ({upload.format}, {bytes(upload.bytes)}): <strong>{count(upload.questions)}</strong> question(s)
        {upload.categories > 0 && `, ${count(upload.categories)} with a category`}
        {upload.columns.length > 0 && `; other columns kept: ${upload.columns.join(", ")}`}.
      </p>
      {upload.sample.length > 0 && (
        <p class="muted">
          First:{" "}
          {upload.sample.map((q, i) => (
            <>
              {i > 0 && " · "}“{q}”
            </>
          ))}
        </p>
      )}
      {upload.skipped > 0 && (
        <Notice kind="warning" title={`${count(upload.skipped)} row(s) will be skipped`}>
          <ul>
            {upload.skippedRows.map((s) => (
              <li>
                line {s.line}: {s.error}
              </li>
            ))}
          </ul>
          {upload.skipped > upload.skippedRows.length && <p>… and {count(upload.skipped - upload.skippedRows.length)} more.</p>}
          The run goes on without them; fix the file and choose it again to include them.
        </Notice>
      )}
    </div>
  );
}
