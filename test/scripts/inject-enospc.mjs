// Loaded with `node --import` into a `fedicensus` child process by test/scripts/nightly-faults.test.ts: makes
// the census's disk "fill up" at a chosen statement, the way DuckDB fails when its write-ahead log cannot be
// written (seen on a 3 MB tmpfs: "TransactionContext Error: Failed to commit: Could not write file
// \"<db>.wal\": No space left on device", after which the transaction is gone and a ROLLBACK fails with
// "cannot rollback - no transaction is active"). Injected at the DuckDB connection, the one seam every
// write of the crawl passes through, so product code carries no test hook.
import { DuckDBConnection } from '@duckdb/node-api';

const on = process.env.FEDICENSUS_TEST_ENOSPC_ON;
const file = process.env.FEDICENSUS_TEST_ENOSPC_FILE ?? 'census.duckdb.wal';
let skip = Number(process.env.FEDICENSUS_TEST_ENOSPC_AFTER ?? 0);

if (on) {
  const pattern = new RegExp(on);
  const run = DuckDBConnection.prototype.run;
  DuckDBConnection.prototype.run = async function (sql, ...rest) {
    if (pattern.test(sql) && skip-- <= 0) {
      if (/^\s*COMMIT/i.test(sql)) await run.call(this, 'ROLLBACK'); // the failed commit ends the transaction
      throw new Error(`TransactionContext Error: Failed to commit: Could not write file "${file}": No space left on device`);
    }
    return run.call(this, sql, ...rest);
  };
}
