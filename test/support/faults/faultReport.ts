// The per-scenario table of the fault suites: one line to stderr per scenario, and every row in
// .test-results/faults-report.json (FAULTS_REPORT_FILE), which a run starts afresh. The partition suites
// (test/integration/hosts) write the same rows to a table of their own (see ReportTable).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One row of the table. */
export interface ScenarioRow {
  readonly scenario: string;
  readonly submitted: number;
  readonly acknowledged: number;
  readonly sealed: number;
  readonly gaps: number;
  readonly duplicates: number;
  /** Milliseconds; null when not measured. */
  readonly recoveryMs: number | null;
  readonly retries: number;
  readonly elapsedMs: number;
  readonly note: string;
}

const REPO = path.resolve(__dirname, '..', '..', '..');

/** Which table a row goes to: the label its log line starts with, and the JSON file of its rows. */
export interface ReportTable {
  readonly label: string;
  readonly file: string;
}

/** The fault suites' table. */
export const FAULTS_TABLE: ReportTable = {
  label: 'faults',
  file: process.env.FAULTS_REPORT_FILE ?? path.join(REPO, '.test-results', 'faults-report.json'),
};

function readRows(file: string): ScenarioRow[] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioRow[];
  } catch {
    return [];
  }
}

/** Prints the row and adds it to the table's file (replacing an older row of the same scenario). */
export function recordScenario(row: ScenarioRow, table: ReportTable = FAULTS_TABLE): void {
  const recovery = row.recoveryMs === null ? '-' : `${(row.recoveryMs / 1000).toFixed(1)} s`;
  process.stderr.write(
    `${table.label} | ${row.scenario} | submitted ${row.submitted} | acknowledged ${row.acknowledged} | sealed ${row.sealed} | gaps ${row.gaps} | duplicates ${row.duplicates} | recovery ${recovery} | retries ${row.retries} | ${(row.elapsedMs / 1000).toFixed(0)} s | ${row.note}\n`,
  );
  fs.mkdirSync(path.dirname(table.file), { recursive: true });
  const rows = readRows(table.file).filter((r) => r.scenario !== row.scenario);
  fs.writeFileSync(table.file, `${JSON.stringify([...rows, row], null, 2)}\n`);
}
