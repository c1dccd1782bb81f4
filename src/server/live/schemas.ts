/**
 * The live audit's request bodies, checked (zod) before any work starts: one source for their shapes and
 * defaults (api-types.ts infers the request types from them). Imports nothing but zod, so the browser app
 * can import its types.
 */
import { z } from "zod";
import { modelId } from "../model-id-schema.js";
const question = z.string().trim().min(1, "the question is empty").max(20_000, "the question is longer than 20,000 characters");
const diversity = z.enum(["low", "medium", "high"]);

export const probesRequestSchema = z.object({
  question,
  prober: modelId,
  count: z.number().int().min(1).max(20).default(5),
  diversity: diversity.default("medium"),
});

export const auditRequestSchema = z.object({
  question,
  target: modelId,
  prober: modelId.optional(),
  probes: z.array(z.string().max(20_000, "a probe is longer than 20,000 characters")).max(50, "at most 50 probes"),
  draftId: z.string().max(100).optional(),
  samples: z.number().int().min(1).max(10).default(1),
  temperature: z.number().min(0).max(2).default(0.5),
  maxTokens: z.number().int().min(1).max(8192).default(512),
});

export type ProbesInput = z.infer<typeof probesRequestSchema>;
export type AuditInputBody = z.infer<typeof auditRequestSchema>;
