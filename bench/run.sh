#!/usr/bin/env bash
# Benchmark newsfacts: throughput (MB/s) over the dev corpus read in place and
# over a large concatenation of it, the ratio to `LC_ALL=C wc -w` on the same
# input, and start-up time for a one-sentence article. Reports; asserts nothing.
#
#   bench/run.sh [BINARY]      (make bench builds it first)
# CORPUS (default ../shared/corpus/raw, else data/samples) and BIG_MB (default 100)
# and RUNS (default 10) may be set in the environment.
set -euo pipefail
bin=${1:-./newsfacts}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/raw}
[ -d "$corpus" ] || corpus=$root/data/samples
runs=${RUNS:-10}
big_mb=${BIG_MB:-100}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
# median wall time in ns of running "$@" RUNS times, output discarded
median_ns() {
  local t=()
  for _ in $(seq "$runs"); do
    local s; s=$(now); "$@" >/dev/null; t+=($(( $(now) - s )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
mbps() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.1f", (b / 1e6) / (ns / 1e9) }'; }

files=("$corpus"/*.txt)
bytes=$(cat "${files[@]}" | wc -c)
echo "newsfacts benchmark: $("$bin" --version)"
echo "corpus: $corpus (${#files[@]} files, $bytes bytes); median of $runs runs"

ns=$(median_ns "$bin" "${files[@]}")
echo "in place, one process:     $(mbps "$bytes" "$ns") MB/s  ($(awk -v n="${#files[@]}" -v ns="$ns" 'BEGIN{printf "%.0f", n/(ns/1e9)}') articles/s)"

# a large concatenation of the corpus
while [ "$(stat -c %s "$tmp/big.txt" 2>/dev/null || echo 0)" -lt $((big_mb * 1000000)) ]; do
  cat "${files[@]}" >> "$tmp/big.txt"
done
big=$(stat -c %s "$tmp/big.txt")
cat "$tmp/big.txt" > /dev/null   # warm the page cache
ns_nf=$(median_ns "$bin" "$tmp/big.txt")
ns_wc=$(LC_ALL=C median_ns wc -w "$tmp/big.txt")
echo "concatenation ($((big / 1000000)) MB):   $(mbps "$big" "$ns_nf") MB/s"
echo "LC_ALL=C wc -w, same input:  $(mbps "$big" "$ns_wc") MB/s"
echo "ratio to wc -w:            $(awk -v a="$ns_wc" -v b="$ns_nf" 'BEGIN{printf "%.2f", a/b}')"

# start-up: a one-sentence article touching every table
echo "Russia launched 40 Shahed drones at Kharkiv on Thursday, killing two people, Zelensky said." > "$tmp/one.txt"
runs_saved=$runs; runs=50
ns_one=$(median_ns "$bin" --ref-date 2024-06-13 "$tmp/one.txt")
runs=$runs_saved
echo "start-up, one sentence:    $(awk -v ns="$ns_one" 'BEGIN{printf "%.2f", ns/1e6}') ms"
peak=$( { /usr/bin/time -f '%M' "$bin" "$tmp/big.txt" > /dev/null; } 2>&1 | tail -n 1 || echo "?")
echo "peak memory, concatenation: ${peak} KiB"
