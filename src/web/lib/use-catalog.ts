/** The server's model catalog (GET /api/models), loaded once per page. */
import { useEffect, useState } from "preact/hooks";
import type { ModelCatalog } from "../../server/api-types.js";
import { api } from "../api/client.js";
import { describeError } from "../api/errors.js";

export type CatalogState = { state: "loading" } | { state: "ok"; catalog: ModelCatalog } | { state: "error"; message: string };

export function useCatalog(): CatalogState {
  const [value, setValue] = useState<CatalogState>({ state: "loading" });
  useEffect(() => {
    api.models().then(
      (catalog) => setValue({ state: "ok", catalog }),
      (error) => setValue({ state: "error", message: describeError(error) }),
    );
  }, []);
  return value;
}
