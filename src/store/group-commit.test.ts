import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { groupCommit, openDatabase } from "./index.js";

describe("group commit", () => {
  it("says a commit is due while writes wait, and writes them in one transaction on the next turn", async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), "auditllm-group-")), "g.db"));
    try {
      db.exec("CREATE TABLE t (n INTEGER)");
      const group = groupCommit(db);
      assert.equal(group, groupCommit(db), "one queue per database");
      assert.equal(group.pending, false);
      const insert = db.prepare("INSERT INTO t (n) VALUES (?)");
      const count = () => (db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
      const written = [1, 2, 3].map((n) => group.write(() => insert.run(n)));
      assert.equal(group.pending, true);
      assert.equal(count(), 0, "nothing is written before the commit");
      await Promise.all(written);
      assert.equal(group.pending, false);
      assert.equal(count(), 3);

      // flush() commits at once; nothing is due after it.
      const early = group.write(() => insert.run(4));
      group.flush();
      assert.equal(group.pending, false);
      assert.equal(count(), 4);
      await early;
    } finally {
      db.close();
    }
  });
});
