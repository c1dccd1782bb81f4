/**
 * The live audit page's state and how each step changes it (a pure reducer): question and models, the
 * editable probes, answers as they stream, and the final result.
 */
import type { AuditJson, Diversity, ProbeJson, StreamedAnswer } from "../../server/api-types.js";

export interface EditableProbe {
  key: number;
  text: string;
  /** The prober's wording, when it wrote this probe; absent for the user's own. */
  generated?: string;
  relevance?: number;
}

export interface LiveAnswer extends StreamedAnswer {
  done: boolean;
}

export type Phase = "idle" | "probing" | "answering" | "done" | "failed" | "cancelled";

export interface LiveState {
  question: string;
  target: string;
  /** The user has been in the target field: a detected model no longer fills it. */
  targetTouched: boolean;
  /** "" means the target. */
  prober: string;
  count: number;
  diversity: Diversity;
  samples: number;
  temperature: number;
  probes: EditableProbe[];
  draftId?: string;
  dropped: { text: string; reason: string }[];
  warnings: string[];
  phase: Phase;
  answers: LiveAnswer[];
  runId?: string;
  result?: AuditJson;
  error?: string;
  nextKey: number;
}

export const initialLiveState: LiveState = {
  question: "",
  target: "",
  targetTouched: false,
  prober: "",
  count: 5,
  diversity: "medium",
  samples: 1,
  temperature: 0.5,
  probes: [],
  dropped: [],
  warnings: [],
  phase: "idle",
  answers: [],
  nextKey: 1,
};

type Settings = Pick<LiveState, "question" | "target" | "prober" | "count" | "diversity" | "samples" | "temperature">;

export type LiveAction =
  | { type: "set"; values: Partial<Settings> }
  | { type: "touch-target" }
  | { type: "suggest"; target: string }
  | { type: "probing" }
  | { type: "probes-written"; draftId: string; probes: ProbeJson[]; dropped: LiveState["dropped"]; warnings: string[] }
  | { type: "probe-edit"; key: number; text: string }
  | { type: "probe-remove"; key: number }
  | { type: "probe-add" }
  | { type: "answering" }
  | { type: "run"; runId: string }
  | { type: "prompts"; probes: ProbeJson[]; samples: number; question: string }
  | { type: "delta"; index: number; text: string }
  | { type: "answer"; index: number; answer: StreamedAnswer }
  | { type: "result"; result: AuditJson }
  | { type: "failed"; message: string; cancelled?: boolean; runId?: string };

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "set":
      return { ...state, ...action.values };
    case "touch-target":
      return state.targetTouched ? state : { ...state, targetTouched: true };
    case "suggest":
      return state.targetTouched || state.target ? state : { ...state, target: action.target };
    case "probing":
      return { ...state, phase: "probing", error: undefined };
    case "probes-written": {
      const probes = action.probes.map((p, i) => ({ key: state.nextKey + i, text: p.text, generated: p.text, relevance: p.relevance }));
      return { ...state, phase: "idle", probes, draftId: action.draftId, dropped: action.dropped, warnings: action.warnings, nextKey: state.nextKey + probes.length };
    }
    case "probe-edit":
      return { ...state, probes: state.probes.map((p) => (p.key === action.key ? { ...p, text: action.text } : p)) };
    case "probe-remove":
      return { ...state, probes: state.probes.filter((p) => p.key !== action.key) };
    case "probe-add":
      return { ...state, probes: [...state.probes, { key: state.nextKey, text: "" }], nextKey: state.nextKey + 1 };
    case "answering":
      return { ...state, phase: "answering", answers: [], result: undefined, runId: undefined, error: undefined };
    case "run":
      return { ...state, runId: action.runId };
    case "prompts": {
      const prompts = [action.question, ...action.probes.map((p) => p.text)];
      const answers = prompts.flatMap((prompt, promptIndex) => Array.from({ length: action.samples }, (_, sample) => ({ prompt, promptIndex, sample, text: "", done: false })));
      return { ...state, answers };
    }
    case "delta":
      return { ...state, answers: state.answers.map((a, i) => (i === action.index ? { ...a, text: (a.text ?? "") + action.text } : a)) };
    case "answer":
      return { ...state, answers: state.answers.map((a, i) => (i === action.index ? { ...action.answer, done: true } : a)) };
    case "result":
      return { ...state, phase: "done", result: action.result, runId: action.result.runId };
    case "failed":
      return { ...state, phase: action.cancelled ? "cancelled" : "failed", error: action.message, runId: action.runId ?? state.runId };
  }
}

/** Whether a probe still reads as the prober wrote it (then it counts as generated). */
export const isEdited = (p: EditableProbe) => p.generated !== undefined && p.text.trim() !== p.generated;
