#!/usr/bin/env bash
# The threaded path of a newsfacts binary built with -fsanitize=thread: several
# thread counts over a folder and over JSON Lines records must run without a
# race report (TSAN_OPTIONS makes one fatal) and write exactly what -j 1 writes.
#   tests/tsan.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/raw}
[ -d "$corpus" ] || corpus=$root/data/samples
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export NEWSFACTS_DATA=$root/data
fail=0
"$bin" -j 1 --ref-date 2024-06-13 "$corpus" > "$tmp/one" || fail=1
for j in 2 4; do
  "$bin" -j "$j" --ref-date 2024-06-13 "$corpus" > "$tmp/many" || { echo "tsan: -j $j failed"; fail=1; }
  cmp -s "$tmp/one" "$tmp/many" || { echo "tsan: -j $j output differs from -j 1"; fail=1; }
done
# records: each a document with its own reference date
python3 - "$corpus" > "$tmp/records.jsonl" <<'PY'
import json, os, sys
d = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(d))):
    if name.endswith('.txt'):
        text = open(os.path.join(d, name), encoding='utf-8', errors='replace').read()
        print(json.dumps({"id": name, "date": "2024-06-%02d" % (1 + i % 28), "text": text}))
PY
"$bin" -j 1 --input jsonl "$tmp/records.jsonl" > "$tmp/r1" || fail=1
"$bin" -j 4 --input jsonl "$tmp/records.jsonl" > "$tmp/r4" || { echo "tsan: records -j 4 failed"; fail=1; }
cmp -s "$tmp/r1" "$tmp/r4" || { echo "tsan: records -j 4 output differs"; fail=1; }
[ -s "$tmp/r1" ] || { echo "tsan: no output"; fail=1; }
[ $fail -eq 0 ] && echo "tsan: ok (threads clean, output identical)"
exit $fail
