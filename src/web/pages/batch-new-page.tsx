/**
 * Batch audit: upload a questions file (checked at once), choose the targets and the prober, the settings,
 * and start: the server runs `auditllm batch` on it and the page moves to the run, which shows its progress
 * and results. Recent batch runs are listed below.
 */
import { useEffect, useState } from "preact/hooks";
import type { UploadInfo } from "../../server/api-types.js";
import { batchApi } from "../api/batch-client.js";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";
import { BatchOptions, initialOptions, type BatchOptionValues, type RunChoice } from "../components/batch-options.js";
import { BatchRunList } from "../components/batch-run-list.js";
import { Notice } from "../components/notice.js";
import { chosenTargets, TargetPicker } from "../components/target-picker.js";
import { UploadField } from "../components/upload-field.js";
import { count } from "../lib/batch-format.js";
import { useCatalog } from "../lib/use-catalog.js";
import { navigate } from "../router.js";
import "../batch.css";

export function BatchNewPage() {
  const catalog = useCatalog();
  const [upload, setUpload] = useState<UploadInfo>();
  const [models, setModels] = useState({ checked: [] as string[], typed: "", prober: "" });
  const [options, setOptions] = useState<BatchOptionValues>(() => ({ ...initialOptions, probesFrom: new URLSearchParams(location.search).get("probesFrom") ?? "" }));
  const [runs, setRuns] = useState<RunChoice[]>([]);
  const [serverMetric, setServerMetric] = useState<string>();
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  useEffect(
    () =>
      void api.session().then(
        (s) => setServerMetric(s.metric),
        () => undefined,
      ),
    [],
  );
  useEffect(
    () =>
      void batchApi.list().then(
        (list) => setRuns(list.map((r) => ({ id: r.id, label: `${r.id} · ${r.input} · ${r.targets.map((t) => t.target).join(", ")} · ${r.status}` }))),
        () => undefined,
      ),
    [],
  );
  useEffect(() => {
    const suggested = catalog.state === "ok" ? catalog.catalog.suggested : undefined;
    if (suggested && models.checked.length === 0 && !models.typed) setModels((m) => ({ ...m, checked: [suggested] }));
  }, [catalog]);

  const targets = chosenTargets(models.checked, models.typed);
  const missing = !upload ? "Upload a questions file first." : targets.length === 0 ? "Choose at least one target." : undefined;
  async function start() {
    if (!upload || missing) return;
    setState({ busy: true });
    try {
      const { runId } = await batchApi.start({
        uploadId: upload.uploadId,
        targets,
        prober: models.prober.trim() || undefined,
        probes: options.probes,
        samples: options.samples,
        temperature: options.temperature,
        diversity: options.diversity,
        metric: options.metric.trim() || undefined,
        concurrency: options.concurrency,
        probesFrom: options.probesFrom || undefined,
      });
      navigate(`/batch/${encodeURIComponent(runId)}`);
    } catch (error) {
      setState({ error: describeError(error) });
    }
  }

  return (
    <div class="batch-new">
      <h1>Batch audit</h1>
      <p class="intro muted">
        Audit every question of a file: the prober rewrites each question, every target answers the question and its rewrites, and the answers are compared. The run is stored as it goes; you can leave
        this page and come back.
      </p>
      <form onSubmit={(e) => (e.preventDefault(), start())}>
        <UploadField upload={upload} onUpload={setUpload} disabled={state.busy} />
        <TargetPicker catalog={catalog} checked={models.checked} typed={models.typed} prober={models.prober} onChange={(values) => setModels((m) => ({ ...m, ...values }))} />
        <BatchOptions values={options} serverMetric={serverMetric} runs={runs} onChange={(values) => setOptions((o) => ({ ...o, ...values }))} />
        <div class="actions">
          <button type="submit" disabled={Boolean(missing) || state.busy}>
            {state.busy ? "Starting…" : upload ? `Start the audit of ${count(upload.questions)} question(s)` : "Start the audit"}
          </button>
          {missing && <span class="muted">{missing}</span>}
        </div>
        {state.error && (
          <Notice kind="error" title="The run did not start">
            {state.error}
          </Notice>
        )}
      </form>
      <h2>Recent batch runs</h2>
      <BatchRunList limit={10} />
    </div>
  );
}
