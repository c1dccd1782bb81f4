/**
 * The app's frame: checks the session first (a server with a token answers 401 until the page was opened
 * with ?token=…), then the navigation and the page for the current path.
 */
import { useEffect, useState } from "preact/hooks";
import type { SessionInfo } from "../server/api-types.js";
import { api } from "./api/client.js";
import { ApiError, describeError } from "./api/errors.js";
import { Notice } from "./components/notice.js";
import { Link, matchPath, usePath } from "./router.js";
import { PAGES } from "./routes.js";

type Session = { state: "loading" } | { state: "ok"; info: SessionInfo } | { state: "token" } | { state: "error"; message: string };

export function App() {
  const [session, setSession] = useState<Session>({ state: "loading" });
  const path = usePath();
  useEffect(() => {
    api.session().then(
      (info) => setSession({ state: "ok", info }),
      (error) => setSession(error instanceof ApiError && error.status === 401 ? { state: "token" } : { state: "error", message: describeError(error) }),
    );
  }, []);
  const found = PAGES.map((page) => ({ page, params: matchPath(page.path, path) })).find((m) => m.params);
  useEffect(() => {
    document.title = `${found?.page.title ?? "Not found"} · auditllm`;
  }, [found?.page]);

  return (
    <>
      <header class="top">
        <span class="brand">auditllm</span>
        <nav aria-label="Pages">
          {PAGES.filter((p) => p.nav).map((p) => (
            <Link href={p.path} aria-current={found?.page === p ? "page" : undefined}>
              {p.nav}
            </Link>
          ))}
        </nav>
        {session.state === "ok" && (
          <span class="meta">
            v{session.info.version} · metric {session.info.metric}
          </span>
        )}
      </header>
      <main id="main">
        {session.state === "loading" && <p class="muted">Connecting…</p>}
        {session.state === "token" && (
          <Notice kind="error" title="401: this server needs its access token">
            Open this page once as <code>{location.origin}/?token=…</code> with the value of <code>AUDITLLM_TOKEN</code> that the server was started with. The browser then keeps a session cookie and
            the token leaves the address bar.
          </Notice>
        )}
        {session.state === "error" && (
          <Notice kind="error" title="No connection">
            {session.message}
          </Notice>
        )}
        {session.state === "ok" &&
          (found ? (
            found.page.render(found.params!)
          ) : (
            <Notice kind="info" title="Not found">
              Nothing at {path}. <Link href="/">Start a live audit</Link>.
            </Notice>
          ))}
      </main>
    </>
  );
}
