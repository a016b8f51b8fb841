#!/usr/bin/env bash
# End-to-end tests of the newsfacts binary: files, folders, pipes, bad input,
# exit codes; the output is parsed back with real parsers (jq, Python's json/csv).
# Prints "ok N - what" / "not ok N - what" lines.
set -u
. "$(dirname "$0")/lib.sh"

cat > "$tmp/a.txt" <<'TXT'
Drones pound Odesa port overnight
KYIV, June 13 (Wire) - Russia launched 40 missiles and about 580 drones at Ukraine overnight on Thursday, the Ukrainian Air Force said.
Air defences shot down 552 Shahed drones and 31 missiles. In the Kharkiv region, a strike killed two people and injured at least 11, governor Oleh Syniehubov said.
TXT
printf 'A drone attack on Belgorod injured three people on Monday, Vyacheslav Gladkov said.\n' > "$tmp/b.txt"

# --- JSON Lines: every line valid JSON, text equals the input bytes at its offsets
nf --ref-date 2024-06-13 "$tmp/a.txt" > "$tmp/a.jsonl"; rc=$?
check "exit 0 on a good file" test $rc -eq 0
check "facts of every type come out" sh -c "jq -r .type '$tmp/a.jsonl' | sort -u | tr '\n' ' ' | grep -qx 'actor count date place '"
cat > "$tmp/offsets.py" <<'PY'
import json, sys
raw = open(sys.argv[1], 'rb').read()
n = 0
for line in open(sys.argv[2], encoding='utf-8'):
    r = json.loads(line)
    seg = raw[r['start']:r['end']].decode('utf-8', 'replace')
    assert seg == r['text'], (seg, r['text'])
    n += 1
assert n > 0
PY
check "text equals the input bytes from start to end" python3 "$tmp/offsets.py" "$tmp/a.txt" "$tmp/a.jsonl"
check "a count of 40 launched missiles" sh -c "jq -e 'select(.type==\"count\" and .category==\"missile\" and .status==\"launched\" and .value==40)' '$tmp/a.jsonl' | grep -q ."
check "records in order of start" sh -c "jq -r .start '$tmp/a.jsonl' | sort -n -c"

# --- CSV: the FACTS.md header, parsed back by Python's csv, same facts as JSONL
nf -f csv --ref-date 2024-06-13 "$tmp/a.txt" > "$tmp/a.csv"
cat > "$tmp/check_csv.py" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert rows[0] == "doc,sentence,start,end,text,type,category,status,value,qualifier,low,high,weapon,victims,name,kind,country,admin1,lat,lon,resolved".split(','), rows[0]
recs = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) - 1 == len(recs), (len(rows), len(recs))
for row, rec in zip(rows[1:], recs):
    d = dict(zip(rows[0], row))
    assert d['text'] == rec['text'] and d['type'] == rec['type'] and int(d['start']) == rec['start']
PY
check "CSV has the contract's header and the same facts" python3 "$tmp/check_csv.py" "$tmp/a.csv" "$tmp/a.jsonl"
check "--no-header drops only the header" sh -c "test \$(nf -f csv --no-header '$tmp/a.txt' | wc -l) -eq \$((\$(wc -l < '$tmp/a.csv') - 1))"

# --- standard input, "-" and the doc name
check "standard input is read, doc is -" sh -c "nf < '$tmp/b.txt' | jq -e -s 'length > 0 and all(.doc == \"-\")'"
check "'-' reads standard input" sh -c "nf - < '$tmp/b.txt' | jq -e -s 'length > 0'"
check "--types keeps only the types asked" sh -c "nf -t place '$tmp/a.txt' | jq -r .type | sort -u | grep -qx place"

# --- folders: recursive, sorted, hidden entries skipped, loops end
mkdir -p "$tmp/dir/sub" "$tmp/dir/.hidden"
cp "$tmp/b.txt" "$tmp/dir/z.txt"; cp "$tmp/b.txt" "$tmp/dir/sub/m.txt"; cp "$tmp/b.txt" "$tmp/dir/a.txt"
cp "$tmp/b.txt" "$tmp/dir/.hidden/x.txt"; cp "$tmp/b.txt" "$tmp/dir/.dot.txt"
ln -s .. "$tmp/dir/sub/loop"
nf "$tmp/dir" > "$tmp/dir.jsonl" 2>"$tmp/dir.err"; rc=$?
check "a folder with a symlink loop is read, exit 0" test $rc -eq 0
check "folder files in sorted order, hidden skipped" sh -c "jq -r .doc '$tmp/dir.jsonl' | uniq | sed 's|$tmp/dir/||' | tr '\n' ' ' | grep -qx 'a.txt sub/m.txt z.txt '"

# --- bad input: one stderr line per failure, exit 1, the rest still processed
printf 'Russia fired 12 drones.\0binary\n' > "$tmp/bin.dat"
nf "$tmp/bin.dat" "$tmp/b.txt" "$tmp/missing.txt" > "$tmp/bad.jsonl" 2>"$tmp/bad.err"; rc=$?
check "exit 1 when some input fails" test $rc -eq 1
check "one stderr line per failed input" test "$(wc -l < "$tmp/bad.err")" -eq 2
check "the binary file is named on stderr" grep -q "bin.dat.*binary" "$tmp/bad.err"
check "the missing file is named on stderr" grep -q "missing.txt" "$tmp/bad.err"
check "the good file between them is still processed" sh -c "jq -r .doc '$tmp/bad.jsonl' | grep -q 'b.txt'"
printf 'Russia fired 12 drones at Kyiv.\n\xff\xfe bad \xc3( bytes and a NUL after 8 KiB\n' > "$tmp/bad.txt"
head -c 9000 /dev/zero | tr '\0' ' ' >> "$tmp/bad.txt"; printf 'Kyiv\0Kyiv\x01\n' >> "$tmp/bad.txt"
check "invalid UTF-8 and late NULs still give valid JSON" sh -c "nf '$tmp/bad.txt' | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]'"
: > "$tmp/empty.txt"
check "an empty file gives nothing and exit 0" sh -c "test -z \"\$(nf '$tmp/empty.txt')\""
printf '\xef\xbb\xbfRussia launched 7 drones at Sumy.\n' > "$tmp/bom.txt"
check "a BOM is skipped and offsets stay true" sh -c "nf '$tmp/bom.txt' > '$tmp/bom.jsonl' && python3 '$tmp/offsets.py' '$tmp/bom.txt' '$tmp/bom.jsonl'"

# --- usage errors: one line, exit 2
nf --bogus 2>"$tmp/u.err" >/dev/null; rc=$?
check "unknown option: exit 2, one line" sh -c "test $rc -eq 2 && test \$(wc -l < '$tmp/u.err') -eq 1"
nf --ref-date 2024-02-30 "$tmp/b.txt" 2>"$tmp/u.err" >/dev/null; rc=$?
check "bad --ref-date: exit 2, one line" sh -c "test $rc -eq 2 && test \$(wc -l < '$tmp/u.err') -eq 1"
# --ref-date auto: the publication line is the reference; a dateline without a year resolves nothing
printf 'Port hit\nPublished: 13 June 2024\nDrones hit Izmail on Tuesday.\n' > "$tmp/pub.txt"
check "--ref-date auto reads a publication line" sh -c "nf -t date --ref-date auto '$tmp/pub.txt' | jq -r .value | tr '\n' ' ' | grep -qx '2024-06-13 2024-06-11 '"
check "--ref-date auto without a year resolves nothing" sh -c "nf -t date --ref-date auto '$tmp/a.txt' | jq -e -s 'length > 0 and all(.resolved == false)'"
nf -f xml 2>/dev/null </dev/null; rc=$?
check "bad --format: exit 2" test $rc -eq 2
nf -t count,weather 2>/dev/null </dev/null; rc=$?
check "bad --types: exit 2" test $rc -eq 2
check "--version names the contract version" sh -c "nf --version | grep -q 'contract version 1'"
check "--help lists every option" sh -c "nf --help | grep -q -- --ref-date && nf --help | grep -q -- --data-dir"

# --- output file and closed pipes
nf -o "$tmp/out.jsonl" "$tmp/a.txt"; rc=$?
check "-o writes the file" sh -c "test $rc -eq 0 && nf '$tmp/a.txt' | cmp -s - '$tmp/out.jsonl'"
check "-o leaves no temporary file" sh -c "test \$(ls '$tmp' | grep -c 'out.jsonl.tmp') -eq 0"
for i in $(seq 1 2000); do cat "$tmp/a.txt"; done > "$tmp/big.txt"
check "a closed pipe ends quietly" sh -c "nf '$tmp/big.txt' 2>'$tmp/pipe.err' | head -n 1 >/dev/null; test ! -s '$tmp/pipe.err'"
check "a write error (full device) is exit 3" sh -c "nf '$tmp/a.txt' > /dev/full 2>/dev/null; test \$? -eq 3"
if [ "$(id -u)" -ne 0 ]; then
  cp "$tmp/b.txt" "$tmp/unreadable.txt"; chmod 000 "$tmp/unreadable.txt"
  check "an unreadable file: exit 1" sh -c "nf '$tmp/unreadable.txt' >/dev/null 2>&1; test \$? -eq 1"
fi
exit 0
