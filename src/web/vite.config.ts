/**
 * Builds the browser app (Preact, TypeScript) into dist/web, which `auditllm serve` serves. Run by
 * `npm run build`; needs no network. No inline script or style is emitted (the server's CSP forbids them).
 */
import preact from "@preact/preset-vite";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "/",
  logLevel: "warn",
  plugins: [preact({ prerender: { enabled: false }, devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: here("../../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
