/**
 * Live audit: choose models, type a question, generate probes and edit them, then watch the answers stream
 * in and the scores appear. Cancel (or leaving the page) aborts the request, and the server stops the calls.
 */
import { useEffect, useReducer, useRef } from "preact/hooks";
import { api } from "../api/client.js";
import { describeError, isAbort } from "../api/errors.js";
import { AnswerStream } from "../components/answer-stream.js";
import { ModelPicker } from "../components/model-picker.js";
import { Notice } from "../components/notice.js";
import { ProbeEditor } from "../components/probe-editor.js";
import { QuestionForm } from "../components/question-form.js";
import { ResultView } from "../components/result-view.js";
import { initialLiveState, liveReducer } from "../lib/live-state.js";
import { useCatalog } from "../lib/use-catalog.js";

const CANCELLED = "Cancelled: the calls under way were stopped.";

export function LivePage() {
  const [state, dispatch] = useReducer(liveReducer, initialLiveState);
  const catalog = useCatalog();
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (catalog.state === "ok" && catalog.catalog.suggested) dispatch({ type: "suggest", target: catalog.catalog.suggested });
  }, [catalog]);

  const busy = state.phase === "probing" || state.phase === "answering";
  const target = state.target.trim();
  const prober = state.prober.trim() || target;
  const question = state.question.trim();
  const fresh = () => {
    controller.current?.abort();
    controller.current = new AbortController();
    return controller.current.signal;
  };

  async function generate() {
    const signal = fresh();
    dispatch({ type: "probing" });
    try {
      const r = await api.probes({ question, prober, count: state.count, diversity: state.diversity }, signal);
      dispatch({ type: "probes-written", draftId: r.draftId, probes: r.probes, dropped: r.droppedProbes, warnings: r.warnings });
    } catch (error) {
      dispatch({ type: "failed", message: isAbort(error) ? CANCELLED : describeError(error), cancelled: isAbort(error) });
    }
  }

  async function answer() {
    const signal = fresh();
    dispatch({ type: "answering" });
    let ended = false;
    try {
      const probes = state.probes.map((p) => p.text.trim()).filter(Boolean);
      await api.audit(
        { question, target, prober, probes, draftId: state.draftId, samples: state.samples, temperature: state.temperature },
        {
          run: (e) => dispatch({ type: "run", runId: e.runId }),
          probes: (e) => dispatch({ type: "prompts", probes: e.probes, samples: e.samples, question }),
          delta: (e) => dispatch({ type: "delta", index: e.index, text: e.text }),
          answer: (e) => dispatch({ type: "answer", index: e.index, answer: e.answer }),
          result: (result) => ((ended = true), dispatch({ type: "result", result })),
          failed: (e) => ((ended = true), dispatch({ type: "failed", message: e.message, cancelled: e.cancelled, runId: e.runId })),
        },
        signal,
      );
      if (!ended) dispatch({ type: "failed", message: "The server closed the stream before the result: see its log, then try again." });
    } catch (error) {
      dispatch({ type: "failed", message: isAbort(error) ? CANCELLED : describeError(error), cancelled: isAbort(error) });
    }
  }

  const canGenerate = Boolean(question && prober) && !busy;
  const canAnswer = Boolean(question && target) && !busy && (state.probes.some((p) => p.text.trim()) || state.samples > 1);
  return (
    <div class="live">
      <h1>Live audit</h1>
      <p class="intro muted">
        Ask one question several ways: the prober rewrites it, the target answers every version, and the answers are compared. Consistent answers agree however the question is put.
      </p>
      <form onSubmit={(e) => e.preventDefault()}>
        <ModelPicker
          catalog={catalog}
          target={state.target}
          prober={state.prober}
          disabled={busy}
          onTargetFocus={() => dispatch({ type: "touch-target" })}
          onChange={(values) => dispatch({ type: "set", values })}
        />
        <QuestionForm state={state} disabled={busy} onChange={(values) => dispatch({ type: "set", values })} />
        <div class="actions">
          <button type="button" disabled={!canGenerate} onClick={generate}>
            {state.phase === "probing" ? "Writing probes…" : "Generate probes"}
          </button>
        </div>
        {state.warnings.map((w) => (
          <Notice kind="warning">{w}</Notice>
        ))}
        <ProbeEditor
          probes={state.probes}
          dropped={state.dropped}
          disabled={busy}
          onEdit={(key, text) => dispatch({ type: "probe-edit", key, text })}
          onRemove={(key) => dispatch({ type: "probe-remove", key })}
          onAdd={() => dispatch({ type: "probe-add" })}
        />
        <div class="actions">
          <button type="button" disabled={!canAnswer} onClick={answer}>
            {state.phase === "answering" ? "Answering…" : "Answer and score"}
          </button>
          {busy && (
            <button type="button" class="danger" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {state.error && (
        <Notice kind={state.phase === "cancelled" ? "info" : "error"} title={state.phase === "cancelled" ? "Cancelled" : "That did not work"}>
          {state.error}
          {state.runId && ` (run ${state.runId})`}
        </Notice>
      )}
      {state.result ? <ResultView json={state.result} /> : state.answers.length > 0 || state.phase === "answering" ? <AnswerStream answers={state.answers} samples={state.samples} /> : null}
    </div>
  );
}
