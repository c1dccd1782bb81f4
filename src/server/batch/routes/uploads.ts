/**
 * POST /api/uploads?name=questions.csv: a questions file for a batch run, sent as its bytes
 * (Content-Type: application/octet-stream, which a page of another site cannot send without a preflight).
 * It has its own size limit (413 past it, 50 MB by default), so app.ts mounts it before the 1 MB JSON limit.
 * Answers 201 with the file checked (UploadInfo), or 400 with what is wrong with it; nothing is started.
 */
import { Hono } from "hono";
import { batchContext } from "../context.js";
import type { AppContext } from "../../context.js";
import { HttpError } from "../../http-error.js";
import { sendJson } from "../../respond.js";

export function uploadRoutes(ctx: AppContext): Hono {
  return new Hono().post("/", async (c) => {
    const { uploads } = batchContext(ctx);
    if (!/^application\/octet-stream\s*(;|$)/i.test(c.req.header("content-type") ?? "")) {
      throw new HttpError(415, "Send the file's bytes as the request body with Content-Type: application/octet-stream.");
    }
    const length = c.req.header("content-length");
    try {
      const info = await uploads.save(c.req.query("name"), c.req.raw.body, length === undefined ? undefined : Number(length));
      return sendJson(c, ctx, info, 201);
    } catch (error) {
      // A body refused part way (or unread) leaves the connection unusable: close it, so the client does not reuse it.
      if (error instanceof HttpError && error.status === 413) c.header("connection", "close");
      throw error;
    }
  });
}
