/**
 * The names of the diagnostics_channel events http-client.ts publishes, as node:http publishes its own
 * (tools subscribe by name; nothing is published while nobody listens): `{ url }` when a request is written,
 * `{ url, status }` when its whole response has been read. A module of its own so that a probe preloaded
 * into the command (bench/loop-delay.ts) loads nothing else.
 */
export const HTTP_CHANNELS = { requestStart: "auditllm.http.request.start", responseFinish: "auditllm.http.response.finish" } as const;
