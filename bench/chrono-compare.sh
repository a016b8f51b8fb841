#!/usr/bin/env bash
# Compare newsfacts' dates with chrono-node's (the most used natural-language date
# parser, npm package chrono-node) on the same articles, with the same reference
# dates, scored by the same scorer (shared/eval/score.py --types date). Reports both
# scores; asserts nothing.
#
#   bench/chrono-compare.sh [BINARY]      (default ./newsfacts)
#
# chrono-node is installed from bench/chrono/package-lock.json into
# bench/chrono/node_modules (npm ci, once). CORPUS (default ../shared/corpus) holds
# raw/<id>.txt, gold/<id>.jsonl and manifest.tsv (id, source, published date, ...).
# How chrono's results become TIMEX3 values is explained in bench/chrono/dates.js.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/newsfacts}
corpus=$(cd "${CORPUS:-$root/../shared/corpus}" && pwd)
score=${SCORE:-$root/../shared/eval/score.py}
chrono=$root/bench/chrono
[ -x "$bin" ] || { echo "chrono-compare: no executable at $bin (run make first)" >&2; exit 2; }
[ -d "$corpus/raw" ] || { echo "chrono-compare: no corpus at $corpus" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "chrono-compare: node and npm are needed (Debian: nodejs npm)" >&2; exit 2; }
if [ ! -d "$chrono/node_modules/chrono-node" ]; then
  (cd "$chrono" && npm ci --no-audit --no-fund --loglevel=error) ||
    { echo "chrono-compare: npm ci failed in $chrono" >&2; exit 2; }
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# publication dates from the manifest; articles without one get no reference date
declare -A pub=()
if [ -f "$corpus/manifest.tsv" ]; then
  while IFS=$'\x1f' read -r id published; do
    pub[$id]=$published
  done < <(awk -F'\t' 'NR > 1 { print $1 "\x1f" $3 }' "$corpus/manifest.tsv")
fi
args=()
for f in "$corpus"/raw/*.txt; do
  id=$(basename "$f" .txt)
  d=${pub[$id]:-}
  if [ -n "$d" ]; then
    "$bin" -t date --ref-date "$d" "$f" >> "$tmp/newsfacts.jsonl"
    args+=("$f=$d")
  else
    "$bin" -t date "$f" >> "$tmp/newsfacts.jsonl"
    args+=("$f")
  fi
done
node "$chrono/dates.js" "${args[@]}" > "$tmp/chrono.jsonl"

echo "dates on $corpus (${#args[@]} articles), scored by $(basename "$score") --types date"
echo "chrono-node $(node -p "require('$chrono/node_modules/chrono-node/package.json').version"):"
python3 "$score" --gold "$corpus/gold" --system "$tmp/chrono.jsonl" --types date | grep -E '^(type|date) '
echo "newsfacts $("$bin" --version | head -n 1):"
python3 "$score" --gold "$corpus/gold" --system "$tmp/newsfacts.jsonl" --types date | grep -E '^(type|date) '
