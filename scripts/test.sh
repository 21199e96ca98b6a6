#!/usr/bin/env bash
# `npm test`: type-check, lint, build, then every vitest suite (unit, engine, conformance, fuzz,
# server) and the Playwright browser tests on Debian's Chromium.
# Prints its own closing line "N passed, N failed": CI reads that line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
if [ -d ../shared/conformance ]; then
  export UNDERLAY_SHARED="${UNDERLAY_SHARED:-$(cd ../shared && pwd)}"
else
  echo "notice: ../shared is not beside this checkout, so the public conformance labs are not run."
  echo "        Clone the project next to shared/ (CI always does) to run them."
fi

failed=0
passed=0
step() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
npm run -s generate >/dev/null || { echo "prisma generate failed"; exit 1; }
step "typecheck (strict, engine without DOM or Node types)" node_modules/.bin/tsc --noEmit -p tsconfig.json
step "typecheck engine/" node_modules/.bin/tsc --noEmit -p engine/tsconfig.json
step "lint (folder boundaries, pure engine, no import cycles)" node_modules/.bin/eslint --max-warnings=0 .
step "format (prettier --check)" node_modules/.bin/prettier --check --log-level=warn .
step "production build (next build and the server bundle)" node scripts/build.mjs --force
step "play page first-load JS under 320 kB gzipped (npm run size)" node_modules/.bin/tsx scripts/size.ts

rm -f .ci-vitest.json
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=.ci-vitest.json
vitest_rc=$?
if [ -f .ci-vitest.json ]; then
  read -r vp vf < <(node -e 'const v=JSON.parse(require("fs").readFileSync(".ci-vitest.json","utf8")); console.log(v.numPassedTests, v.numFailedTests + (v.numRuntimeErrorTestSuites||0))')
  passed=$((passed + vp)); failed=$((failed + vf))
  if [ "$vitest_rc" -ne 0 ] && [ "$vf" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi
# Browser tests: Debian's Chromium (CI installs it; `CHROMIUM_PATH` points elsewhere). Without it
# the suite is named as not run; CI sets UNDERLAY_REQUIRE_E2E=1 so a missing browser fails there.
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  rm -f test-results/e2e-report.json
  CHROMIUM_PATH="$chromium" node_modules/.bin/playwright test
  e2e_rc=$?
  if [ -f test-results/e2e-report.json ]; then
    read -r ep ef efl < <(node -e 'const r=JSON.parse(require("fs").readFileSync("test-results/e2e-report.json","utf8")).stats; console.log(r.expected + r.flaky, r.unexpected, r.flaky)')
    if [ "$efl" -gt 0 ]; then echo "notice: $efl browser test(s) passed only on their retry (flaky): see the list above"; fi
    passed=$((passed + ep)); failed=$((failed + ef))
    if [ "$e2e_rc" -ne 0 ] && [ "$ef" -eq 0 ]; then failed=$((failed + 1)); fi
  else
    failed=$((failed + 1))
  fi
  echo "screenshots: test-results/screenshots/"
elif [ "${UNDERLAY_REQUIRE_E2E:-0}" = 1 ]; then
  echo "FAIL browser tests: no Chromium at $chromium"; failed=$((failed + 1))
else
  echo "notice: no Chromium at $chromium, so the Playwright browser tests are not run (apt-get install chromium)."
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
