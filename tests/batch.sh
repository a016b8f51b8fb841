#!/usr/bin/env bash
# End-to-end tests of batch runs: threads (-j), --files-from and -0, record
# collections (--input jsonl|csv), the progress bar, and N GNU parallel workers
# over N slices of a collection against one run. Prints "ok N - what" /
# "not ok N - what" lines, like e2e.sh.
set -u
. "$(dirname "$0")/lib.sh"

# A folder of short reports, each different: numbers, places, days and weapons vary.
places=(Kharkiv Odesa Dnipro Zaporizhzhia Sumy Kherson Poltava Lviv Mykolaiv Chernihiv)
days=(Monday Tuesday Wednesday Thursday Friday Saturday Sunday)
weapons=("Shahed drones" "ballistic missiles" "attack drones" "cruise missiles")
mkdir -p "$tmp/news/sub"
for i in $(seq 1 60); do
  p=${places[$((i % 10))]}; d=${days[$((i % 7))]}; w=${weapons[$((i % 4))]}
  dir=$tmp/news; [ $((i % 3)) -eq 0 ] && dir=$tmp/news/sub
  {
    printf 'Overnight strikes hit %s\n\n' "$p"
    printf 'Russian forces fired %d %s at %s on %s, the regional governor said.\n' $((i + 7)) "$w" "$p" "$d"
    printf 'Air defence units destroyed %d of them, and %d people were injured.\n' $((i + 2)) $((i % 9 + 1))
  } > "$dir/report-$(printf %03d "$i").txt"
done
printf 'PDF\0\1\2 not text' > "$tmp/news/scan.pdf"

# --- threads: the same bytes in the same order as one thread
nf -j 1 --ref-date 2024-06-13 "$tmp/news" > "$tmp/j1.jsonl" 2> "$tmp/j1.err"; rc1=$?
nf -j 4 --ref-date 2024-06-13 "$tmp/news" > "$tmp/j4.jsonl" 2> "$tmp/j4.err"; rc4=$?
nf -j 2 -f csv --ref-date 2024-06-13 "$tmp/news" > "$tmp/j2.csv" 2>/dev/null
nf -j 1 -f csv --ref-date 2024-06-13 "$tmp/news" > "$tmp/j1.csv" 2>/dev/null
check "-j 1 finds facts in every report" sh -c "test \$(jq -r .doc '$tmp/j1.jsonl' | sort -u | wc -l) -eq 60"
check "-j 4 writes what -j 1 writes, byte for byte" cmp "$tmp/j1.jsonl" "$tmp/j4.jsonl"
check "-j 2 CSV equals -j 1 CSV" cmp "$tmp/j1.csv" "$tmp/j2.csv"
check "documents come out in walk order" bash -c "jq -r .doc '$tmp/j4.jsonl' | uniq | cmp - <(jq -r .doc '$tmp/j1.jsonl' | uniq)"
check "a binary file is skipped with one line on stderr" sh -c "test \$(wc -l < '$tmp/j4.err') -eq 1 && grep -q 'scan.pdf.*binary' '$tmp/j4.err'"
check "a skipped file makes the exit status 1, the run goes on" test "$rc1" -eq 1 -a "$rc4" -eq 1
# more documents than eight threads keep in flight (32 a thread): the queue
# fills and drains many times, and every thread must wake for the end of the run
mkdir "$tmp/many"
for i in $(seq 1 400); do cp "$tmp/news/report-0$(printf %02d $((i % 50 + 1))).txt" "$tmp/many/r$i.txt" 2>/dev/null || cp "$tmp/news/sub/report-0$(printf %02d $((i % 50 + 1))).txt" "$tmp/many/r$i.txt"; done
check "400 files at -j 8 end, and equal -j 1" bash -c "timeout 60 nf -j 8 '$tmp/many' | cmp - <(nf -j 1 '$tmp/many')"
check "--jobs 0 is a usage error" sh -c "nf --jobs 0 '$tmp/news' >/dev/null 2>&1; test \$? -eq 2"

# --- a file longer than the 4 MiB head streams in windows, straight to the output
for _ in $(seq 1 700); do cat "$tmp"/news/report-0*.txt; done > "$tmp/big.txt"
nf -j 1 --ref-date 2024-06-13 "$tmp/news/report-001.txt" "$tmp/big.txt" "$tmp/news/report-002.txt" > "$tmp/big1.jsonl"
nf -j 3 --ref-date 2024-06-13 "$tmp/news/report-001.txt" "$tmp/big.txt" "$tmp/news/report-002.txt" > "$tmp/big3.jsonl"
check "a streamed file between small ones: -j 3 writes what -j 1 writes" cmp "$tmp/big1.jsonl" "$tmp/big3.jsonl"
check "a streamed file keeps its offsets: the last fact's text is at its offset" python3 -c "
import json, sys
data = open('$tmp/big.txt', 'rb').read()
assert len(data) > 4 << 20
facts = [f for f in map(json.loads, open('$tmp/big1.jsonl')) if f['doc'].endswith('big.txt')]
assert len(facts) > 1000
for f in facts[-50:]:
    assert data[f['start']:f['end']].decode() == f['text'], f
"
check "standard input streams like a file" bash -c "nf -j 2 --ref-date 2024-06-13 - < '$tmp/big.txt' | sed 's/\"doc\":\"-\"/\"doc\":\"big\"/' | cmp - <(nf --ref-date 2024-06-13 '$tmp/big.txt' | sed 's/\"doc\":\"[^\"]*big.txt\"/\"doc\":\"big\"/')"

# --- --files-from, and -0 with names holding spaces and line breaks
find "$tmp/news" -name '*.txt' | sort > "$tmp/list"
nf --ref-date 2024-06-13 --files-from "$tmp/list" > "$tmp/list.jsonl"
check "--files-from FILE reads the listed files" sh -c "test \$(jq -r .doc '$tmp/list.jsonl' | sort -u | wc -l) -eq 60"
check "--files-from - reads the list from standard input" sh -c "nf --ref-date 2024-06-13 --files-from - < '$tmp/list' | cmp - '$tmp/list.jsonl'"
mkdir "$tmp/odd"
cp "$tmp/news/report-001.txt" "$tmp/odd/two words.txt"
cp "$tmp/news/report-002.txt" "$tmp/odd/line
break.txt"
check "find -print0 | -0 --files-from - keeps odd names whole" bash -c "find '$tmp/odd' -type f -print0 | sort -z | nf -0 --files-from - > '$tmp/odd.jsonl' && test \$(jq -r .doc '$tmp/odd.jsonl' | grep -c 'two words.txt') -gt 0 && grep -qF 'odd/line\\nbreak.txt' '$tmp/odd.jsonl'"

# --- the progress bar: only on a terminal, and never with --quiet
nf "$tmp/news" > /dev/null 2> "$tmp/noterm.err"
check "no progress bar when stderr is not a terminal" sh -c "! grep -q 'files' '$tmp/noterm.err'"
check "a progress bar on a terminal" sh -c "script -qec \"nf '$tmp/news' > /dev/null\" /dev/null | tr '\r' '\n' | grep -q '61/61 files'"
check "--quiet: no progress bar on a terminal" sh -c "! script -qec \"nf -q '$tmp/news' > /dev/null\" /dev/null | grep -q 'files'"

# --- article collections as records
python3 - "$tmp/news" > "$tmp/coll.jsonl" <<'PY'
import json, os, sys
root = sys.argv[1]
names = sorted(n for d, _, fs in os.walk(root) for n in [os.path.join(d, f) for f in fs] if n.endswith('.txt'))
for i, p in enumerate(names):
    text = open(p, encoding='utf-8').read()
    print(json.dumps({"id": "art-%03d" % i, "date": "2024-0%d-1%d" % (1 + i % 9, i % 10), "text": text}))
PY
nf --input jsonl "$tmp/coll.jsonl" > "$tmp/coll.out"
check "--input jsonl: the id becomes doc" sh -c "test \"\$(jq -r .doc '$tmp/coll.out' | sort -u | head -n 1)\" = art-000"
check "--input jsonl: the date is the reference date" sh -c "jq -e -s '[.[] | select(.doc == \"art-013\" and .type == \"date\")][0].value | startswith(\"2024-05\")' '$tmp/coll.out'"
python3 - "$tmp/coll.jsonl" > "$tmp/coll.csv" <<'PY'
import csv, json, sys
w = csv.writer(sys.stdout)
w.writerow(["headline", "published", "body", "key"])
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    w.writerow([r["text"].split("\n")[0], r["date"], r["text"], r["id"]])
PY
check "--input csv with renamed fields equals the JSONL run" sh -c "nf --input csv --id-field key --date-field published --text-field body '$tmp/coll.csv' | cmp - '$tmp/coll.out'"
check "--input jsonl -j 3 equals -j 1" sh -c "nf -j 3 --input jsonl '$tmp/coll.jsonl' | cmp - '$tmp/coll.out'"
printf '{"id": "x1", "text": "Two drones were shot down over Sumy."}\nnot json\n{"id": "x3"}\n' > "$tmp/bad.jsonl"
check "bad records: one stderr line each, the rest processed, exit 1" sh -c "nf --input jsonl '$tmp/bad.jsonl' > '$tmp/bad.out' 2> '$tmp/bad.err'; test \$? -eq 1 && test \$(wc -l < '$tmp/bad.err') -eq 2 && grep -q x1 '$tmp/bad.out'"

# --- beyond one machine: N GNU parallel workers over N slices equal one run
if command -v parallel > /dev/null; then
  split -n l/3 -d "$tmp/coll.jsonl" "$tmp/slice."
  parallel --will-cite -j 3 nf --input jsonl {} ::: "$tmp"/slice.0* > "$tmp/par.out"
  check "3 parallel workers over 3 slices equal one run (sorted by doc)" bash -c "jq -c -s 'sort_by(.doc)[]' '$tmp/par.out' | cmp - <(jq -c -s 'sort_by(.doc)[]' '$tmp/coll.out')"
  check "parallel --pipe (records streamed to workers) equals one run" bash -c "parallel --will-cite --pipe -N 7 -j 3 nf --input jsonl - < '$tmp/coll.jsonl' | jq -c -s 'sort_by(.doc)[]' | cmp - <(jq -c -s 'sort_by(.doc)[]' '$tmp/coll.out')"
else
  echo "not ok - GNU parallel is not installed (scripts/install-deps.sh)"
fi
