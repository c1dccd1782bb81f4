/** Responses of the API: JSON with every environment secret removed, and validated JSON request bodies. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { AppContext } from "./context.js";
import { HttpError } from "./http-error.js";

export function sendJson(c: Context, ctx: Pick<AppContext, "redact">, body: unknown, status = 200): Response {
  return c.body(ctx.redact(JSON.stringify(body)), status as ContentfulStatusCode, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
}

/** The request's JSON body checked against `schema`; a 400 that says which field is wrong otherwise. */
export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new HttpError(400, `Invalid request: ${where}${issue.message}`);
  }
  return parsed.data;
}
