#!/usr/bin/env bash
# Hostile input: each case states which records come out, what goes to standard
# error (nothing, or one line saying what could not be read) and the exit status.
# Prints "ok N - what" / "not ok N - what" lines (HOSTILE_VERBOSE=1 shows why a
# case failed). The 200 MB and 1 GB inputs live in tests/huge.sh, run by hand.
#
# Usage: tests/hostile.sh BINARY    (BINARY may be a wrapper, e.g. under valgrind)
set -u
TEST_DATA=${HOSTILE_DATA:-${TEST_DATA:-}}
. "$(dirname "$0")/lib.sh"
export LC_ALL=C

# case "what" EXPECTED_RC STDERR_REGEX|"" PY_CHECK|"" -- command...
# Runs the command with its output in $tmp/out, its errors in $tmp/err. The case
# passes when the exit status is EXPECTED_RC; standard error is empty ("") or
# exactly one line matching STDERR_REGEX; and PY_CHECK, a Python expression over
# recs (the JSON records) and raw (the output bytes), is true.
case_() {
  n=$((n + 1)); local what=$1 want_rc=$2 want_err=$3 check=$4; shift 5
  local t0=$SECONDS
  "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$? why=""
  [ -n "${HOSTILE_VERBOSE:-}" ] && echo "# case $n ran $((SECONDS - t0)) s"
  [ "$rc" -eq "$want_rc" ] || why="exit $rc, expected $want_rc"
  if [ -z "$want_err" ]; then
    [ -s "$tmp/err" ] && why="$why; unexpected stderr: $(head -c 300 "$tmp/err")"
  elif [ "$(wc -l < "$tmp/err")" -ne 1 ] || ! grep -Eq -- "$want_err" "$tmp/err"; then
    why="$why; stderr is not one line matching /$want_err/: $(head -c 300 "$tmp/err")"
  fi
  if [ -n "$check" ] && ! python3 "$tmp/check.py" "$tmp/out" "$check" 2>"$tmp/pyerr"; then
    why="$why; records: $(tail -n 1 "$tmp/pyerr")"
  fi
  if [ -z "$why" ]; then echo "ok $n - $what"; else
    echo "not ok $n - $what"; [ -n "${HOSTILE_VERBOSE:-}" ] && echo "#   $why"; fi
  return 0
}

# The record checker: the output must be valid UTF-8 (no escaped lone surrogates
# either), every line a JSON object; then the case's expression must hold.
cat > "$tmp/check.py" <<'PY'
import json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')                    # strict: raises on invalid UTF-8
assert b'\\ud8' not in raw.lower() and b'\\udc' not in raw.lower(), 'escaped surrogate'
recs = [json.loads(l) for l in raw.decode('utf-8').splitlines()]
def counts(): return [(r['text'], r['value']) for r in recs if r['type'] == 'count']
def texts(t): return [r['text'] for r in recs if r['type'] == t]
def true_offsets(path):                # text is the input's bytes at start..end
    src = open(path, 'rb').read()
    return all(src[r['start']:r['end']].decode('utf-8', 'replace') == r['text'] for r in recs)
ok = eval(sys.argv[2])
assert ok, 'check failed: %s -- got %r' % (sys.argv[2], [(r['type'], r['text']) for r in recs][:12])
PY

good='Russia fired 12 drones at Kyiv overnight.'

# --- encodings --------------------------------------------------------------
printf 'Kyiv \xff\xfe \x80\xbf and a cut-off \xe2\x80 %s\nKy\xffiv is not a place.\n' "$good" > "$tmp/invalid.txt"
case_ "invalid UTF-8: records around it, U+FFFD in output, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and texts('place').count('Kyiv') == 2 and true_offsets('$tmp/invalid.txt')" \
  -- nf "$tmp/invalid.txt"
printf 'Overlong \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf slashes and \xc1\xbf. %s\n' "$good" > "$tmp/overlong.txt"
case_ "overlong UTF-8 is never decoded as ASCII, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and not any('/' in r['text'] for r in recs) and true_offsets('$tmp/overlong.txt')" \
  -- nf "$tmp/overlong.txt"
printf 'Lone \xed\xa0\x80 high and \xed\xbf\xbf low surrogates. %s \xed\xa0\x80\n' "$good" > "$tmp/surrogate.txt"
case_ "lone surrogates become U+FFFD, never escaped \\ud800, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and true_offsets('$tmp/surrogate.txt')" \
  -- nf "$tmp/surrogate.txt"
printf 'Russia fired 12 drones.\0 and more\n' > "$tmp/nul.txt"
case_ "a NUL byte in the first 8 KiB: refused as binary, no records, exit 1" 1 "nul.txt.*binary" "recs == []" \
  -- nf "$tmp/nul.txt"
{ printf '%s\n' "$good"; head -c 9000 /dev/zero | tr '\0' ' '; printf 'Kyiv\0Kharkiv\0\n'; } > "$tmp/latenul.txt"
case_ "NUL bytes after 8 KiB are read as separators, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and 'Kharkiv' in texts('place') and true_offsets('$tmp/latenul.txt')" \
  -- nf "$tmp/latenul.txt"
printf '%s\n' "$good" | iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } > "$tmp/utf16le.txt"
case_ "UTF-16LE with a BOM: refused with a line naming UTF-16, exit 1" 1 "utf16le.txt.*UTF-16.*iconv" "recs == []" \
  -- nf "$tmp/utf16le.txt"
printf '%s\n' "$good" | iconv -f UTF-8 -t UTF-16BE | { printf '\xfe\xff'; cat; } > "$tmp/utf16be.txt"
case_ "UTF-16BE with a BOM: refused with a line naming UTF-16, exit 1" 1 "utf16be.txt.*UTF-16" "recs == []" \
  -- nf "$tmp/utf16be.txt"
printf '\xef\xbb\xbf%s\n' "$good" > "$tmp/bom8.txt"
case_ "a UTF-8 BOM is skipped, offsets count it, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and recs[0]['start'] == 3 and true_offsets('$tmp/bom8.txt')" \
  -- nf "$tmp/bom8.txt"
printf 'Drones hit Odesa\r\rRussia fired 12 drones at Kyiv.\rTwo people were killed in Sumy.\r' > "$tmp/cr.txt"
case_ "CR-only line ends split lines and sentences, exit 0" 0 "" \
  "counts() == [('12 drones', 12), ('Two people', 2)] and len({r['sentence'] for r in recs}) == 3 and true_offsets('$tmp/cr.txt')" \
  -- nf "$tmp/cr.txt"
printf 'Drones hit Odesa\n\nRussia fired 12 drones at Kyiv.\nTwo people were killed in Sumy.\n' > "$tmp/lf.txt"
nf "$tmp/lf.txt" > "$tmp/lf.jsonl"
printf 'Drones hit Odesa\r\n\r\nRussia fired 12 drones at Kyiv.\r\nTwo people were killed in Sumy.\r\n' > "$tmp/crlf.txt"
case_ "CRLF: the same facts and sentences as LF, offsets true, exit 0" 0 "" \
  "[(r['type'], r['text'], r['sentence']) for r in recs] == [(r['type'], r['text'], r['sentence']) for r in map(json.loads, open('$tmp/lf.jsonl'))] and true_offsets('$tmp/crlf.txt')" \
  -- nf "$tmp/crlf.txt"
: > "$tmp/empty.txt"
case_ "a 0-byte file: no records, nothing on stderr, exit 0" 0 "" "recs == []" -- nf "$tmp/empty.txt"
case_ "an empty standard input: no records, exit 0" 0 "" "recs == []" -- nf - < /dev/null
case_ "standard input closed: one line, exit 1" 1 "'-':" "recs == []" -- nf - <&-

# --- sizes and numbers ------------------------------------------------------
python3 -c "
import sys
sys.stdout.write('Kyiv ' + 'x' * (10 << 20) + ' $good\n')" > "$tmp/word.txt"
case_ "a 10 MB word: skipped over, the facts after it found, exit 0" 0 "" \
  "counts() == [('12 drones', 12)] and texts('place') == ['Kyiv', 'Russia', 'Kyiv']" -- nf -t count,place "$tmp/word.txt"
python3 -c "
import sys
sys.stdout.write(' '.join('Strikes hit Kharkiv %d times, and %d drones were downed near Sumy.' % (i, i % 97 + 2) for i in range(40000)))" > "$tmp/line.txt"
case_ "a 4 MB single line of sentences: every count found, exit 0" 0 "" \
  "len(counts()) == 40000 and counts()[-1] == ('%d drones' % (39999 % 97 + 2), 39999 % 97 + 2)" -- nf -t count "$tmp/line.txt"
printf 'Russia launched %s drones at Kyiv.\n' 1234567890123456789012345678901234567890 > "$tmp/digits40.txt"
case_ "40 digits before 'drones': no count (refused above 10^15), other facts kept, exit 0" 0 "" \
  "counts() == [] and 'Kyiv' in texts('place')" -- nf "$tmp/digits40.txt"
printf 'Russia launched 999999999999999 drones and 1000000000000001 missiles.\n' > "$tmp/digits15.txt"
case_ "the largest count read is 10^15; one past it is refused, exit 0" 0 "" \
  "counts() == [('999999999999999 drones', 999999999999999)]" -- nf -t count "$tmp/digits15.txt"
printf 'Russia launched %s5 drones, then 2 more drones.\n' "$(head -c 100 /dev/zero | tr '\0' 0)" > "$tmp/zeros.txt"
case_ "a 101-digit number (100 zeros, then 5) is no count, the next one is, exit 0" 0 "" \
  "[v for t, v in counts()] == [2]" \
  -- nf -t count "$tmp/zeros.txt"
yes '1 drone.' | head -n 100000 > "$tmp/drones.txt"
start=$(date +%s.%N)
case_ "100,000 sentences of '1 drone': 100,000 counts of 1, exit 0" 0 "" \
  "len(recs) == 100000 and all(r['value'] == 1 and r['category'] == 'drone' for r in recs) and recs[-1]['sentence'] == 99999" \
  -- nf -t count "$tmp/drones.txt"
echo "# 100,000 sentences of '1 drone': $(echo "$(date +%s.%N) - $start" | bc) s (including the check)"
python3 -c "
import sys
for p in '!?.,;:-()[]\"*/':
    sys.stdout.write(p * 400000 + ' ')
sys.stdout.write('\n' + '. ' * 100000 + '\n(((((Two people were killed in Sumy.)))))\n')" > "$tmp/punct.txt"
# (the time limit catches a quadratic scan, which took hours on this file)
case_ "deeply repeated punctuation: the sentence after it found, exit 0" 0 "" \
  "counts() == [('Two people', 2)] and texts('place') == ['Sumy'] and true_offsets('$tmp/punct.txt')" \
  -- timeout 120 nf -t count,place "$tmp/punct.txt"
printf '\xe2\x80\x8f\xd7\x94\xd7\x99\xd7\x95\xd7\x9d \xe2\x80\xae%s\xe2\x80\xac \xd8\xa7\xd9\x84\xd9\x8a\xd9\x88\xd9\x85.\nA strike on Kyi\xcc\x88v and Kha\xcc\x81\xcc\x81\xcc\x81rkiv killed 3 people.\n' "$good" > "$tmp/rtl.txt"
case_ "right-to-left text and combining marks: facts found, offsets true, exit 0" 0 "" \
  "('12 drones', 12) in counts() and ('3 people', 3) in counts() and 'Kyi\u0308v' in texts('place') and true_offsets('$tmp/rtl.txt')" \
  -- nf "$tmp/rtl.txt"

# --- files, folders, streams ------------------------------------------------
mkfifo "$tmp/fifo"
timeout 20 sh -c 'printf "%s\n" "$1" > "$2"' sh "$good" "$tmp/fifo" &   # never blocks for ever
case_ "a FIFO operand is read like a file, exit 0" 0 "" "counts() == [('12 drones', 12)]" -- nf "$tmp/fifo"
wait
mkdir -p "$tmp/withfifo"; mkfifo "$tmp/withfifo/pipe"; printf '%s\n' "$good" > "$tmp/withfifo/a.txt"
case_ "a FIFO inside a folder is skipped, never waited on, exit 0" 0 "" \
  "counts() == [('12 drones', 12)]" -- timeout 20 nf "$tmp/withfifo"
mkdir -p "$tmp/loop/sub"; printf '%s\n' "$good" > "$tmp/loop/sub/a.txt"
ln -s .. "$tmp/loop/sub/up"; ln -s ../../loop "$tmp/loop/sub/again"
case_ "symbolic links back up the tree: each file once, exit 0" 0 "" \
  "len(counts()) == 1" -- timeout 20 nf "$tmp/loop"
mkdir -p "$tmp/selfloop"; ln -s self "$tmp/selfloop/self"; printf '%s\n' "$good" > "$tmp/selfloop/z.txt"
case_ "a symbolic link to itself: one line, the rest read, exit 1" 1 "selfloop/self'.*(levels of symbolic links|loop)" \
  "counts() == [('12 drones', 12)]" -- timeout 20 nf "$tmp/selfloop"
case_ "a directory that does not exist: one line, exit 1" 1 "no-such-dir.*No such file" "recs == []" \
  -- nf "$tmp/no-such-dir/"

# Permissions do not stop root: run those cases as nobody when we are root.
as_user() { "$@"; }
can_deny=1
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  else
    can_deny=0; echo "# skipped: permission cases (root without setpriv)"
  fi
fi
if [ $can_deny -eq 1 ]; then
  printf '%s\n' "$good" > "$tmp/unreadable.txt"; chmod 000 "$tmp/unreadable.txt"
  case_ "an unreadable file: one line naming it, no records, exit 1" 1 "unreadable.txt': Permission denied" "recs == []" \
    -- as_user nf "$tmp/unreadable.txt"

  # Nothing lost: a folder with bad files mixed in gives exactly the facts of
  # a folder holding only its good files, in order; one line per bad file.
  mkdir -p "$tmp/good/d1" "$tmp/mixed/d1" "$tmp/mixed/d2"
  i=0
  for f in a.txt d1/b.txt d1/c.txt e.txt; do
    i=$((i + 3)); printf 'Russia fired %d drones at Kyiv on Monday.\n' "$i" | tee "$tmp/good/$f" > "$tmp/mixed/$f"
  done
  printf 'Kyiv\0' > "$tmp/mixed/b.bin"
  printf '\xff\xfeK\0y\0i\0v\0' > "$tmp/mixed/d1/u16.txt"
  printf '%s\n' "$good" > "$tmp/mixed/d1/locked.txt"; chmod 000 "$tmp/mixed/d1/locked.txt"
  printf '%s\n' "$good" > "$tmp/mixed/d2/x.txt"; chmod 000 "$tmp/mixed/d2"
  (cd "$tmp/good" && as_user nf .) > "$tmp/good.jsonl"
  n=$((n + 1))
  (cd "$tmp/mixed" && as_user nf .) > "$tmp/mixed.jsonl" 2> "$tmp/mixed.err"; rc=$?
  if [ $rc -eq 1 ] && [ -s "$tmp/good.jsonl" ] && cmp -s "$tmp/good.jsonl" "$tmp/mixed.jsonl" &&
     [ "$(wc -l < "$tmp/mixed.err")" -eq 4 ] && grep -q "b.bin'.*binary" "$tmp/mixed.err" &&
     grep -q "u16.txt'.*UTF-16" "$tmp/mixed.err" && grep -q "locked.txt'.*Permission denied" "$tmp/mixed.err" &&
     grep -q "d2'.*Permission denied" "$tmp/mixed.err"; then
    echo "ok $n - bad files in a folder: the good files' facts unchanged and in order, one line each, exit 1"
  else
    echo "not ok $n - bad files in a folder: the good files' facts unchanged and in order, one line each, exit 1"
    [ -n "${HOSTILE_VERBOSE:-}" ] && { echo "# rc=$rc"; sed 's/^/#   /' "$tmp/mixed.err"; }
  fi
  n=$((n + 1))
  (cd "$tmp/mixed" && as_user nf -j 3 .) > "$tmp/mixed-j.jsonl" 2> "$tmp/mixed-j.err"; rc=$?
  if [ $rc -eq 1 ] && cmp -s "$tmp/good.jsonl" "$tmp/mixed-j.jsonl" && cmp -s "$tmp/mixed.err" "$tmp/mixed-j.err"; then
    echo "ok $n - the same folder on 3 threads: the same facts and the same lines, exit 1"
  else
    echo "not ok $n - the same folder on 3 threads: the same facts and the same lines, exit 1"
  fi
fi

# --- output -----------------------------------------------------------------
printf '%s\n' "$good" > "$tmp/g.txt"
case_ "standard output closed: one line, exit 3" 3 "cannot write standard output" "" -- sh -c "exec nf '$tmp/g.txt' >&-"
case_ "standard output a full disk: one line, exit 3" 3 "cannot write standard output: No space left" "" \
  -- sh -c "nf '$tmp/g.txt' > /dev/full"
case_ "-o onto a full disk: one line, exit 3" 3 "cannot write '?/dev/full'?: No space left" "" \
  -- nf -o /dev/full "$tmp/g.txt"
case_ "-o into a folder that does not exist: one line, exit 3" 3 "cannot write.*no-such-dir" "" \
  -- nf -o "$tmp/no-such-dir/out.jsonl" "$tmp/g.txt"
# An interrupted -o run never leaves a half-written result: the old file stays
# until the new one is complete (killed mid-run: old content or, if the run won
# the race, the whole new output; never a prefix).
for i in $(seq 1 3000); do printf '%s Two people were killed in Sumy on %d May.\n' "$good" "$i"; done > "$tmp/many.txt"
nf "$tmp/many.txt" > "$tmp/many.jsonl"
echo OLD > "$tmp/kept.jsonl"
nf -o "$tmp/kept.jsonl" "$tmp/many.txt" "$tmp/many.txt" "$tmp/many.txt" & pid=$!
sleep 0.2; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
n=$((n + 1))
if [ "$(cat "$tmp/kept.jsonl")" = OLD ] || [ "$(cat "$tmp/many.jsonl" "$tmp/many.jsonl" "$tmp/many.jsonl" | sed 's|"doc":"[^"]*"||' | md5sum)" = "$(sed 's|"doc":"[^"]*"||' "$tmp/kept.jsonl" | md5sum)" ]; then
  echo "ok $n - -o killed mid-run: the old file intact (or the new one whole)"
else
  echo "not ok $n - -o killed mid-run: the old file intact (or the new one whole)"
fi
rm -f "$tmp"/kept.jsonl.tmp.*
exit 0
