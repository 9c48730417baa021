// Mocha reporter: the spec reporter's output, plus the run's counts written as JSON to
// $MOCHA_COUNTS_FILE (if set) so .ci/run can print one "N passed, N failed" line for all suites.
//
// Fields: passed, failed, skipped (pending tests), notRun, hookFailures.
// - A failed hook stops the tests under it; mocha then counts the hook once and the tests not at all.
//   Here every test under a failed hook's suite that did not run is counted in `notRun` and in `failed`.
// - `failed` = failed tests + `notRun` + failed hooks under which no test was left to run (an `after`
//   hook), so no failure disappears from the count.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

/** Tests of a suite and of its sub-suites. */
function testsUnder(suite) {
  return [...suite.tests, ...suite.suites.flatMap(testsUnder)];
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failedHooks = [];
    let failedTests = 0;
    runner.on(EVENT_TEST_FAIL, (test) => {
      if (test.type === 'hook') failedHooks.push(test);
      else failedTests += 1;
    });
    runner.once(EVENT_RUN_END, () => {
      const notRun = new Set();
      let hooksWithoutTests = 0;
      for (const hook of failedHooks) {
        const left = hook.parent
          ? testsUnder(hook.parent).filter((t) => t.state === undefined && !t.pending)
          : [];
        if (left.length === 0) hooksWithoutTests += 1;
        for (const test of left) notRun.add(test);
      }
      if (notRun.size > 0) {
        process.stdout.write(
          `  ${notRun.size} tests did not run because a hook failed (counted as failed)\n`,
        );
      }
      const file = process.env.MOCHA_COUNTS_FILE;
      if (!file) return;
      const pending = runner.stats ? runner.stats.pending : 0;
      const counts = {
        passed: runner.stats ? runner.stats.passes : 0,
        failed: failedTests + notRun.size + hooksWithoutTests,
        skipped: pending,
        notRun: notRun.size,
        hookFailures: failedHooks.length,
      };
      fs.writeFileSync(file, JSON.stringify(counts) + '\n');
    });
  }
}

module.exports = CountingReporter;
