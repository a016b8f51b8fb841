# tests/lib.sh: shared set-up of the shell test scripts (e2e.sh, batch.sh,
# hostile.sh), sourced with the binary as $1.
#   bin   the binary's absolute path      data  the project's tables (or $TEST_DATA)
#   tmp   a scratch folder, removed at exit
#   nf    on PATH: the binary on those tables, usable in this shell and in sh -c
#   check "what" command...   prints "ok N - what" or "not ok N - what"
#                             (E2E_VERBOSE=1 shows why a check failed)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=${TEST_DATA:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/data}
tmp=$(mktemp -d); trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/bin"
printf '#!/bin/sh\nexec "%s" --data-dir "%s" "$@"\n' "$bin" "$data" > "$tmp/bin/nf"
chmod 755 "$tmp/bin" "$tmp/bin/nf"
PATH="$tmp/bin:$PATH"
n=0
check() {
  n=$((n + 1)); local what=$1; shift
  if [ -n "${E2E_VERBOSE:-}" ]; then "$@" >/dev/null; else "$@" >/dev/null 2>&1; fi && echo "ok $n - $what" || echo "not ok $n - $what"
}
