/** A metric that cannot work at all (its model or package is missing): one clear error, never one per line. */
export class MetricUnavailableError extends Error {
  override readonly name = "MetricUnavailableError";
}
