#!/usr/bin/env bash
# `npm test`: checks the machine's test dependencies, typechecks, lints, builds the renderer
# (the e2e tests serve it), then runs every vitest project (unit, integration, e2e). The
# integration and e2e projects start their own private dockerd and registry in vitest's global
# setup, so `npx vitest run` works on its own too. Extra arguments go to vitest.
# Ends with one line `N passed, N failed` (each failed check counts as one failure) and exits
# non-zero if anything failed.
set -euo pipefail

cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh

failed_checks=()

check() {
  local name="$1"
  shift
  echo "==> $name: $*"
  if "$@"; then
    echo "==> $name: ok"
  else
    echo "==> $name: FAILED"
    failed_checks+=("$name")
  fi
}

check typecheck-node npx tsc -p tsconfig.node.json --noEmit
check typecheck-web npx tsc -p tsconfig.web.json --noEmit
check eslint npx eslint .
check prettier npx prettier --check .
check build npm run build

report=test-results/vitest.json
mkdir -p test-results
rm -f "$report"
echo "==> vitest"
vitest_code=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || vitest_code=$?

# Count tests from the JSON report: failed tests, plus test files that failed without a failed
# test (an import error, a failing hook), plus 1 if vitest failed and no test says why.
passed=0 failed=1 skipped=0
read -r passed failed skipped < <(
  node -e '
    const fs = require("node:fs");
    const [file, code] = process.argv.slice(1);
    let passed = 0, failed = 0, skipped = 0;
    if (fs.existsSync(file)) {
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed = r.numPassedTests;
      failed = r.numFailedTests;
      skipped = r.numPendingTests + r.numTodoTests;
      for (const f of r.testResults) {
        if (f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")) {
          failed++;
          console.error(`failed without a failing test: ${f.name}\n${f.message ?? ""}`);
        }
      }
    }
    if (Number(code) !== 0 && failed === 0) {
      failed = 1;
      console.error(`vitest exited with ${code}`);
    }
    console.log(passed, failed, skipped);
  ' "$report" "$vitest_code"
) || echo "could not read $report"
passed=${passed:-0} failed=${failed:-1} skipped=${skipped:-0}

if [ "${#failed_checks[@]}" -gt 0 ]; then
  echo "Failed checks: ${failed_checks[*]}"
  failed=$((failed + ${#failed_checks[@]}))
fi

echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
