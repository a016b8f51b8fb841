#!/usr/bin/env bash
# Run every cmocka test program given, then the end-to-end tests of the binary in
# BUILD_DIR, and close with one summary line: "tests: N passed, N failed".
set -u
build=$1; shift
passed=0 failed=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  # cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ $rc -ne 0 ]; then
    printf '%s\n' "$out"
    [ -z "$f" ] && failed=$((failed + 1))   # crashed before cmocka's summary
    echo "FAIL: $t (exit $rc)"
  else
    echo "ok:   $t (${p:-0} tests)"
  fi
done
# A shell suite prints "ok N - what" / "not ok N - what"; a crash counts as a failure.
run_suite() {   # run_suite NAME
  local out rc p f
  out=$(tests/$1.sh "$build/newsfacts" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -v '^ok ' || true
  p=$(printf '%s\n' "$out" | grep -c '^ok ')
  f=$(printf '%s\n' "$out" | grep -c '^not ok ')
  [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f))
  echo "$1: $p passed, $f failed"
}
run_suite e2e
run_suite batch
run_suite hostile
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
