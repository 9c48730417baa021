// The per-scenario table of the fault suites: one line to stderr per scenario, and every row in
// .test-results/faults-report.json (FAULTS_REPORT_FILE), which a run starts afresh.
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
const FILE = process.env.FAULTS_REPORT_FILE ?? path.join(REPO, '.test-results', 'faults-report.json');

function readRows(): ScenarioRow[] {
  try {
    return JSON.parse(fs.readFileSync(FILE, 'utf8')) as ScenarioRow[];
  } catch {
    return [];
  }
}

/** Prints the row and adds it to the report file (replacing an older row of the same scenario). */
export function recordScenario(row: ScenarioRow): void {
  const recovery = row.recoveryMs === null ? '-' : `${(row.recoveryMs / 1000).toFixed(1)} s`;
  process.stderr.write(
    `faults | ${row.scenario} | submitted ${row.submitted} | acknowledged ${row.acknowledged} | sealed ${row.sealed} | gaps ${row.gaps} | duplicates ${row.duplicates} | recovery ${recovery} | retries ${row.retries} | ${(row.elapsedMs / 1000).toFixed(0)} s | ${row.note}\n`,
  );
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  const rows = readRows().filter((r) => r.scenario !== row.scenario);
  fs.writeFileSync(FILE, `${JSON.stringify([...rows, row], null, 2)}\n`);
}
