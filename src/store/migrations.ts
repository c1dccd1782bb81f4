/**
 * The schema, as an append-only list of migrations (PRAGMA user_version counts the applied ones).
 * runs → items (one per question) → results (one per item × target) and calls (every LLM call of the run).
 * API keys are never stored: configs hold model ids and redacted URLs only.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,              -- 'ask' | 'batch'
    created_at  TEXT NOT NULL,              -- ISO 8601
    finished_at TEXT,
    status      TEXT NOT NULL,              -- 'running' | 'done' | 'failed' | 'cancelled'
    config      TEXT NOT NULL,              -- JSON: targets, prober, parameters (no secrets)
    summary     TEXT,                       -- JSON: headline numbers for listings
    error       TEXT
  );
  CREATE INDEX runs_created ON runs(created_at DESC);

  CREATE TABLE items (
    run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,              -- position in the input
    question TEXT NOT NULL,
    meta     TEXT,                          -- JSON: the input row's other fields
    probes   TEXT,                          -- JSON: the probes, shared by every target
    status   TEXT NOT NULL,                 -- 'pending' | 'done' | 'failed'
    error    TEXT,
    PRIMARY KEY (run_id, idx)
  );

  CREATE TABLE results (
    run_id      TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    target      TEXT NOT NULL,
    consistency REAL,
    result      TEXT NOT NULL,              -- JSON: the AuditResult
    PRIMARY KEY (run_id, idx, target),
    FOREIGN KEY (run_id, idx) REFERENCES items(run_id, idx) ON DELETE CASCADE
  );

  CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    run_id        TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key           TEXT NOT NULL,            -- model + parameters + prompt + sample index (calls/key)
    role          TEXT NOT NULL,            -- 'probe' | 'answer' | 'judge'
    model         TEXT NOT NULL,
    request       TEXT NOT NULL,            -- JSON: messages and parameters
    sample_index  INTEGER NOT NULL,
    status        TEXT NOT NULL,            -- 'pending' | 'done' | 'failed'
    attempts      INTEGER NOT NULL DEFAULT 0,
    response      TEXT,
    finish_reason TEXT,
    usage         TEXT,                     -- JSON: token counts
    warnings      TEXT,                     -- JSON array
    error_kind    TEXT,
    error         TEXT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    latency_ms    INTEGER,
    UNIQUE (run_id, key)
  );
  `,
  `
  -- Batch runs: where each question came from, what its row brought, and the rows that were skipped.
  ALTER TABLE items ADD COLUMN line INTEGER;   -- line (or sheet row) in the input file
  ALTER TABLE items ADD COLUMN input TEXT;     -- JSON: id, category, reference, probes, responses the row brought
  CREATE TABLE skipped (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    line   INTEGER NOT NULL,
    error  TEXT NOT NULL,
    PRIMARY KEY (run_id, line)
  );
  `,
  `
  -- Who works a run: one owner at a time, holding a lease it renews (heartbeat); a lease whose heartbeat stopped
  -- is taken over. cancel_requested asks the owner, wherever it runs, to stop the run resumably.
  CREATE TABLE run_owners (
    run_id           TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    token            TEXT NOT NULL,         -- random, the owner's own: only it renews or releases the lease
    pid              INTEGER NOT NULL,
    host             TEXT NOT NULL,
    since            TEXT NOT NULL,         -- ISO 8601: when this owner took the run
    heartbeat_ms     INTEGER NOT NULL,      -- epoch milliseconds of the last heartbeat
    cancel_requested INTEGER NOT NULL DEFAULT 0
  );
  `,
];
