/** The API's request bodies, checked (zod) before any work starts. Their shapes are in api-types.ts. */
import { z } from "zod";

export const modelId = z
  .string()
  .trim()
  .max(300)
  .regex(/^[a-z-]+:\S/, "expected a model id such as ollama:llama3.2 or openai:gpt-4o-mini");
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
