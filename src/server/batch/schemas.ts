/** The batch API's request bodies and queries, checked (zod) before any work starts. Shapes: batch-api-types.ts. */
import { z } from "zod";
import { RESULT_SORTS } from "../../store/index.js";
import { HttpError } from "../http-error.js";
import { modelId } from "../schemas.js";

/** A model id that `--target=a,b` cannot split. */
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
});

export type BatchRequestBody = z.infer<typeof batchRequestSchema>;

const number = z.coerce.number().refine(Number.isFinite, "not a number");

const resultsQuerySchema = z.object({
  target: z.string().max(300).optional(),
  category: z.string().max(1000).optional(),
  min: number.pipe(z.number().min(0).max(1)).optional(),
  max: number.pipe(z.number().min(0).max(1)).optional(),
  search: z.string().max(1000).optional(),
  sort: z.enum(RESULT_SORTS).default("idx"),
  order: z.enum(["asc", "desc"]).default("asc"),
  offset: number.pipe(z.number().int().min(0)).default(0),
  limit: number.pipe(z.number().int().min(1).max(500)).default(100),
});

export type ResultsQueryInput = z.infer<typeof resultsQuerySchema>;

/** A query string checked against `schema` (empty values count as absent); a 400 that names the parameter. */
export function readQuery<T>(query: Record<string, string>, schema: z.ZodType<T>): T {
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ""));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, `Invalid query: ${issue.path.join(".") || "query"}: ${issue.message}`);
  }
  return parsed.data;
}

export const readResultsQuery = (query: Record<string, string>) => readQuery(query, resultsQuerySchema);

export const compareQuerySchema = z.object({
  a: z.string().max(40),
  b: z.string().max(40),
  targetA: z.string().max(300).optional(),
  targetB: z.string().max(300).optional(),
  offset: number.pipe(z.number().int().min(0)).default(0),
  limit: number.pipe(z.number().int().min(1).max(500)).default(100),
});
