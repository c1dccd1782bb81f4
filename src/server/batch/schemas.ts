/** The batch API's queries, checked (zod) before any work starts (the request body: request-schema.ts). Shapes: api-types.ts. */
import { z } from "zod";
import { RESULT_SORTS } from "../../store/index.js";
import { HttpError } from "../http-error.js";

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
  margin: number.pipe(z.number().min(0).max(1)).optional(),
  failIfWorse: number.pipe(z.number().min(0).max(1)).optional(),
  maxWorseShare: number.pipe(z.number().min(0).max(1)).optional(),
  offset: number.pipe(z.number().int().min(0)).default(0),
  limit: number.pipe(z.number().int().min(1).max(500)).default(100),
});
