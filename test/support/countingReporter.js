// Mocha reporter: the spec reporter's output, plus the run's counts written as JSON to
// $MOCHA_COUNTS_FILE (if set) so .ci/run can print one "N passed, N failed" line for all suites.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.MOCHA_COUNTS_FILE;
      if (!file) return;
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }) + '\n');
    });
  }
}

module.exports = CountingReporter;
