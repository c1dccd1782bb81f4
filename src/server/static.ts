/**
 * The browser app, built by Vite into dist/web and shipped in the package: files as they are (hashed assets
 * cached for good), and index.html for every other page path, so the app's own router can take it.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

/** dist/web beside dist/server. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../web/", import.meta.url));

export function webRoutes(root = DEFAULT_WEB_ROOT): Hono {
  const app = new Hono();
  if (!existsSync(join(root, "index.html"))) {
    app.get("*", (c) => c.text(`The web app is not built (no ${join(root, "index.html")}): run \`npm run build\`.`, 503));
    return app;
  }
  app.use("/assets/*", serveStatic({ root, onFound: (_, c) => void c.header("cache-control", "public, max-age=31536000, immutable") }));
  app.get("/assets/*", (c) => c.text("Not found", 404));
  app.use("*", serveStatic({ root, onFound: (_, c) => void c.header("cache-control", "no-cache") }));
  // A page path of the app (/, /runs, /runs/<id>, …): the app's router decides what to show.
  app.get("*", serveStatic({ root, path: "index.html", onFound: (_, c) => void c.header("cache-control", "no-cache") }));
  return app;
}
