/**
 * The body of POST /api/batches, checked (zod) before any work starts: one source for its shape and defaults
 * (api-types.ts infers BatchRequest from it). Imports nothing but zod, so the browser app can import its type.
 */
import { z } from "zod";
import { modelId } from "../model-id-schema.js";

/** A model id without a comma (a run's targets are chosen as one comma-separated list). */
const target = modelId.refine((id) => !id.includes(","), "a model id has no comma");

export const batchRequestSchema = z.object({
  uploadId: z.string().regex(/^[0-9a-f]{24}$/, "not an upload id: upload the file first"),
  targets: z.array(target).min(1, "choose at least one target").max(10, "at most 10 targets"),
  prober: modelId.optional(),
  probes: z.number().int().min(0).max(20).default(5),
  samples: z.number().int().min(1).max(10).default(1),
  temperature: z.number().min(0).max(2).default(0.5),
  maxTokens: z.number().int().min(1).max(8192).default(512),
  diversity: z.enum(["low", "medium", "high"]).default("medium"),
  metric: z
    .string()
    .trim()
    .max(300)
    .regex(/^[a-z][\w.-]*(:\S+)?$/i, "expected a metric such as hybrid, lexical, embedding:<model-id> or judge:<model-id>")
    .optional(),
  concurrency: z.number().int().min(1).max(64).default(8),
  /** A batch run whose probes are reused for the questions it shares (`auditllm batch --probes-from`). */
  probesFrom: z
    .string()
    .regex(/^[\w.-]{1,64}$/, "not a run id")
    .optional(),
});

export type BatchRequestBody = z.infer<typeof batchRequestSchema>;
