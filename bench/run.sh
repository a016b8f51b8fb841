#!/usr/bin/env bash
# Benchmark newsfacts and its peers. Reports figures; asserts nothing.
#
#   bench/run.sh [BINARY]      (make bench builds a release binary first)
#
# Prints, in one run: MB/s and articles/s single- and multi-threaded (the dev
# corpus read in place, a folder of FILES articles, concatenations of 1, 10 and
# BIG_MB MB to show the cost is linear), the ratio to `LC_ALL=C wc -w` on the
# same input, start-up time for a one-sentence article, peak memory, and the
# same figures for compromise (+ compromise-dates, compromise-numbers) and
# wink-nlp (+ wink-eng-lite-web-model), installed from npm into bench/peers/.
#
# Environment: CORPUS (default ../shared/corpus/raw, else data/samples), RUNS
# (median of, default 10), FILES (default 10000), BIG_MB (default 100),
# JOBS (default: the number of cores), PEERS=0 skips the peers, HUGE_MB (default
# 0: skipped) measures the peak memory of one input that large, MANY (default 0:
# skipped) the peak memory of a folder of that many files.
set -euo pipefail
bin=$(realpath "${1:-./newsfacts}")
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/raw}
[ -d "$corpus" ] || corpus=$root/data/samples
runs=${RUNS:-10}
nfiles=${FILES:-10000}
big_mb=${BIG_MB:-100}
jobs=${JOBS:-$(nproc)}
export NEWSFACTS_DATA=${NEWSFACTS_DATA:-$root/data}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
# median wall time in ns of running "$@" $runs times, output discarded
median_ns() {
  local t=()
  for _ in $(seq "$runs"); do
    local s; s=$(now); "$@" >/dev/null 2>&1 || true; t+=($(( $(now) - s )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
# median wall times of two commands, run in turns: a ratio of two medians taken
# minutes apart on a shared machine mixes its moods; taken in turns, both see
# the same ones. Usage: median2_ns N A1..AN B1..BM (the first command's N words)
median2_ns() {
  local n=$1; shift
  local cmd_a=("${@:1:n}") cmd_b=("${@:n+1}") a=() b=()
  for _ in $(seq "$runs"); do
    local s; s=$(now); "${cmd_a[@]}" >/dev/null 2>&1 || true; a+=($(( $(now) - s )))
    s=$(now); "${cmd_b[@]}" >/dev/null 2>&1 || true; b+=($(( $(now) - s )))
  done
  echo "$(printf '%s\n' "${a[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')" \
       "$(printf '%s\n' "${b[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')"
}
mbps() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.2f", (b / 1e6) / (ns / 1e9) }'; }
per_s() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e6 }'; }
peak_kib() { { /usr/bin/time -f '%M' "$@" > /dev/null 2>/dev/null; } 2>&1 | tail -n 1; }
peak_of() { /usr/bin/time -f '%M' -o "$tmp/peak" "$@" > /dev/null 2>&1 || true; tail -n 1 "$tmp/peak"; }
# grow file $1 to $2 bytes of the corpus repeated: doubling, then the rest
fill_to() {
  cat "${files[@]}" > "$1"
  local size; size=$(stat -c %s "$1")
  while [ "$size" -lt "$2" ]; do
    head -c $(( $2 - size < size ? $2 - size : size )) "$1" > "$1.part"
    cat "$1.part" >> "$1"; rm -f "$1.part"
    size=$(stat -c %s "$1")
  done
}

files=("$corpus"/*.txt)
bytes=$(cat "${files[@]}" | wc -c)
echo "newsfacts benchmark: $("$bin" --version), $(nproc) cores, -j $jobs for the threaded runs"
echo "corpus: $corpus (${#files[@]} articles, $bytes bytes); median of $runs runs"
echo

# --- the dev corpus read in place
# LC_ALL=C for both: newsfacts does not read the locale, wc -w counts bytes
read -r ns1 ns_wc < <(LC_ALL=C median2_ns $((3 + ${#files[@]})) "$bin" -j 1 "${files[@]}" wc -w "${files[@]}")
nsn=$(median_ns "$bin" -j "$jobs" "${files[@]}")
printf '%-34s %8s MB/s %8s articles/s  wc -w %s MB/s, ratio to wc -w %s\n' "corpus in place, 1 thread:" "$(mbps "$bytes" "$ns1")" "$(per_s ${#files[@]} "$ns1")" "$(mbps "$bytes" "$ns_wc")" "$(ratio "$ns_wc" "$ns1")"
printf '%-34s %8s MB/s %8s articles/s\n' "corpus in place, $jobs threads:" "$(mbps "$bytes" "$nsn")" "$(per_s ${#files[@]} "$nsn")"

# --- a folder of many articles (hard links to the corpus files: no disk cost)
# a folder of n articles, hard links to the corpus (copies where links fail);
# one process, not one per file: a hundred thousand forks take many minutes
link_folder() {
  python3 - "$1" "$2" "${files[@]}" <<'PY'
import os, shutil, sys
dst, n, srcs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
os.makedirs(dst)
for i in range(n):
    src, to = srcs[i % len(srcs)], os.path.join(dst, "%07d.txt" % i)
    try:
        os.link(src, to)
    except OSError:
        shutil.copyfile(src, to)
PY
}
link_folder "$tmp/folder" "$nfiles"
fbytes=$(cat "$tmp/folder"/* | wc -c)
cat "$tmp/folder"/* > /dev/null
read -r nf1 nf2 < <(median2_ns 4 "$bin" -j 1 "$tmp/folder" "$bin" -j 2 "$tmp/folder")
nfn=$nf2; [ "$jobs" -ne 2 ] && nfn=$(median_ns "$bin" -j "$jobs" "$tmp/folder")
printf '%-34s %8s MB/s %8s articles/s\n' "$nfiles files, 1 thread:" "$(mbps "$fbytes" "$nf1")" "$(per_s "$nfiles" "$nf1")"
printf '%-34s %8s MB/s %8s articles/s  (%sx one thread)\n' "$nfiles files, 2 threads:" "$(mbps "$fbytes" "$nf2")" "$(per_s "$nfiles" "$nf2")" "$(ratio "$nf1" "$nf2")"
[ "$jobs" -ne 2 ] && printf '%-34s %8s MB/s %8s articles/s  (%sx one thread)\n' "$nfiles files, $jobs threads:" "$(mbps "$fbytes" "$nfn")" "$(per_s "$nfiles" "$nfn")" "$(ratio "$nf1" "$nfn")"
echo "peak memory, $nfiles files, -j $jobs: $(peak_of "$bin" -j "$jobs" "$tmp/folder") KiB"
echo

# --- concatenations: linear cost, and the ratio to wc -w on the same input
for mb in 1 10 "$big_mb"; do
  fill_to "$tmp/cat.txt" $((mb * 1000000))
  size=$(stat -c %s "$tmp/cat.txt")
  cat "$tmp/cat.txt" > /dev/null
  read -r ns_nf ns_wc < <(LC_ALL=C median2_ns 2 "$bin" "$tmp/cat.txt" wc -w "$tmp/cat.txt")
  printf '%-34s %8s MB/s  %8s ms  wc -w %7s MB/s  ratio to wc -w %s  peak %s KiB\n' \
    "concatenation, $((size / 1000000)) MB:" "$(mbps "$size" "$ns_nf")" "$(ms "$ns_nf")" \
    "$(mbps "$size" "$ns_wc")" "$(ratio "$ns_wc" "$ns_nf")" "$(peak_of "$bin" "$tmp/cat.txt")"
done
rm -f "$tmp/cat.txt"

# --- start-up: a one-sentence article touching every table
echo "On Thursday Russia launched 40 Shahed drones and two Iskander missiles at Kharkiv, killing two people, Zelensky said." > "$tmp/one.txt"
# hyperfine (Debian package) when there is one: it spawns without a shell
if command -v hyperfine > /dev/null; then
  hf_median() {
    hyperfine -N -w 10 -r 200 --export-json "$tmp/hf.json" "$*" > /dev/null 2>&1 &&
      python3 -c "import json; print(int(json.load(open('$tmp/hf.json'))['results'][0]['median'] * 1e9))"
  }
  ns_one=$(hf_median "$bin" --ref-date 2024-06-13 "$tmp/one.txt")
  ns_true=$(hf_median /bin/true)
  how="hyperfine median of 200; /bin/true $(ms "$ns_true") ms"
else
  runs_saved=$runs; runs=50
  ns_one=$(median_ns "$bin" --ref-date 2024-06-13 "$tmp/one.txt")
  runs=$runs_saved
  how="median of 50"
fi
echo "start-up, one sentence:            $(ms "$ns_one") ms  ($how), peak $(peak_of "$bin" "$tmp/one.txt") KiB"

if [ "${HUGE_MB:-0}" -gt 0 ]; then
  fill_to "$tmp/huge.txt" $((HUGE_MB * 1000000))
  echo "peak memory, one ${HUGE_MB} MB input:   $(peak_of "$bin" "$tmp/huge.txt") KiB"
  rm -f "$tmp/huge.txt"
fi
if [ "${MANY:-0}" -gt 0 ]; then
  link_folder "$tmp/many" "$MANY"
  echo "peak memory, $MANY files, -j $jobs: $(peak_of "$bin" -j "$jobs" "$tmp/many") KiB"
fi

# --- the peers, on the corpus in place (they are far slower: no big inputs)
[ "${PEERS:-1}" = 0 ] && exit 0
peers=$root/bench/peers
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "peers: node and npm are needed (skipped)"; exit 0
fi
if [ ! -d "$peers/node_modules/wink-nlp" ] || [ ! -d "$peers/node_modules/compromise" ]; then
  (cd "$peers" && npm ci --no-audit --no-fund --silent) || { echo "peers: npm ci failed (skipped)"; exit 0; }
fi
echo
runs_saved=$runs; runs=$(( runs < 3 ? runs : 3 ))
for peer in compromise wink; do
  ns=$(median_ns node "$peers/$peer.js" "${files[@]}")
  runs=10
  ns_start=$(median_ns node "$peers/$peer.js" "$tmp/one.txt")
  runs=$(( runs_saved < 3 ? runs_saved : 3 ))
  printf '%-34s %8s MB/s %8s articles/s  start-up %s ms  peak %s KiB\n' \
    "peer $peer, corpus in place:" "$(mbps "$bytes" "$ns")" "$(per_s ${#files[@]} "$ns")" \
    "$(ms "$ns_start")" "$(peak_of node "$peers/$peer.js" "${files[@]}")"
done
runs=$runs_saved
