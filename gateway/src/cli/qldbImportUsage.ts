/** The usage text of `ledger qldb import`, part of `ledger qldb --help`. */

/** `ledger qldb import --help` (part of `ledger qldb --help`). */
export const QLDB_IMPORT_USAGE = `  ledger qldb import DIR [DIR ...] --digest FILE [--block FILE ...] [--revision FILE ...]
                     [--ledger-name NAME] [--org org1|org2|org3] [--user admin1]
                     [--checkpoint FILE] [--batch N] [--in-flight N] [--progress]
      verify the exports exactly as 'qldb verify' does (nothing is imported unless everything
      verifies), then journal every revision, strand by strand in block order, as a 'qldb-revision'
      entry through the chaincode (Migration:ImportEntries, as the org's admin), and end with one
      'qldb-anchor' entry holding the digest, its tip address, each strand's last block hash, the
      number of revisions and the SHA-256 over their hashes. An Ion export's revision is journaled
      only when its hash recomputed from the journaled JSON is QLDB's (docs/migration.md).
      Import ids: qldb/<ledger>/<strandId>:<sequenceNo>/<revision index>; every revision of a document
      reads back with 'ledger history qldb/<table>/<documentId>'.
      --digest FILE      the output of 'aws qldb get-digest' (required: the anchor holds it)
      --ledger-name NAME the ledger's name in import ids (default: the export manifest's ledgerName)
      --org, --user      who imports (default org1, admin1; role admin)
      --checkpoint FILE  where progress is kept (default ./qldb-import-<ledger>-<org>.checkpoint.json); a run
                         started again resumes after the last committed batch. An id this org already
                         imported is never journaled twice, checkpoint or not
      --batch N          revisions per transaction, 1-500 (default 200)
      --in-flight N      transactions in flight, 1-16 (default 4; 1 keeps the journal in export order)
      --progress         draw a progress line on stderr even when it is not a terminal
  Prints a JSON report on stdout: revisions, imported, skipped (imported by an earlier run), the
  anchor, seconds and revisions per second. Exit status 0 imported, 1 verification or import failed
  (named on stderr), 2 usage error.
`;
