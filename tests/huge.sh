#!/usr/bin/env bash
# Very large inputs, run by hand (not in CI, and never under ASan or valgrind,
# which would take hours on them): a 200 MB file of one line and a 1 GB file of
# short lines. Reports time and peak memory; checks the exit status and that
# the last sentence's count comes out (nothing lost at the end of a big input).
#
# Usage: tests/huge.sh [BINARY]   (default ./newsfacts; needs ~4 GB of /tmp)
set -u
bin=${1:-./newsfacts}
data=$(cd "$(dirname "$0")/.." && pwd)/data
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

run() {   # run NAME FILE EXPECTED_LAST_VALUE
  local name=$1 file=$2 want=$3
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" --data-dir "$data" -t count "$file" > "$tmp/out"
  local rc=$? secs kb
  read -r secs kb < "$tmp/time"
  local last; last=$(tail -n 1 "$tmp/out" | sed -n 's/.*"value":\([0-9]*\).*/\1/p')
  printf '%s: %s MB in %s s (%.0f MB/s), peak memory %s MB, %s records, exit %s\n' "$name" \
    $(($(stat -c %s "$file") >> 20)) "$secs" "$(echo "$(stat -c %s "$file") / 1048576 / ($secs + 0.001)" | bc -l)" \
    $((kb >> 10)) "$(wc -l < "$tmp/out")" "$rc"
  if [ "$rc" -ne 0 ] || [ "$last" != "$want" ]; then
    echo "FAIL: $name (exit $rc, last count '$last', expected $want)"; fail=1
  fi
}

# One 200 MB line: sentences with no line break anywhere, then a final count.
python3 - "$tmp/line.txt" <<'PY'
import sys
unit = 'Air defences shot down %d drones over the Odesa region on Tuesday, officials said. '
with open(sys.argv[1], 'w') as f:
    chunk = ''.join(unit % (i % 50 + 2) for i in range(10000))
    while f.tell() < 200 << 20:
        f.write(chunk)
    f.write('At least 77 missiles were fired.')
PY
run "one 200 MB line" "$tmp/line.txt" 77
rm -f "$tmp/line.txt"

# 1 GB of short lines, in paragraphs.
python3 - "$tmp/big.txt" <<'PY'
import sys
lines = ['Russia launched %d drones and %d missiles at Kharkiv overnight.' % (i % 90 + 3, i % 7 + 1)
         for i in range(1000)]
with open(sys.argv[1], 'w') as f:
    chunk = '\n\n'.join(lines) + '\n\n'
    while f.tell() < 1 << 30:
        f.write(chunk)
    f.write('Two people were killed, and 41 more drones were downed.\n')
PY
run "1 GB of short lines" "$tmp/big.txt" 41
exit $fail
