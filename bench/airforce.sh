#!/usr/bin/env bash
# airforce.sh: check the national events newsfacts assembles from the dev reports
# against the Ukrainian Air Force's own daily totals (../shared/outside/, see its
# README). Each report runs with its publication date; the events whose place is
# Ukraine and whose date is a calendar day are joined with airforce_daily.csv by
# date, and each figure both sides state is compared. Prints one line per figure
# and how many agree. A report, not a test: it never fails on disagreement.
#
#   bench/airforce.sh [BIN] [CORPUS] [AIRFORCE_CSV]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../newsfacts}
corpus=${2:-$here/../../shared/corpus}
daily=${3:-$here/../../shared/outside/airforce_daily.csv}
export NEWSFACTS_DATA=${NEWSFACTS_DATA:-$here/../data}
[ -x "$bin" ] || { echo "airforce.sh: no executable at $bin" >&2; exit 2; }
out=$(mktemp); trap 'rm -f "$out"' EXIT
while IFS=$'\x1f' read -r id published; do
  f="$corpus/raw/$id.txt"
  [ -f "$f" ] || continue
  if [ -n "$published" ]; then
    "$bin" --events --ref-date "$published" "$f" >> "$out"
  else
    "$bin" --events "$f" >> "$out"
  fi
done < <(awk -F'\t' 'NR > 1 { print $1 "\x1f" $3 }' "$corpus/manifest.tsv")
python3 - "$out" "$daily" <<'PY'
import csv, json, re, sys
events, daily = sys.argv[1], sys.argv[2]
truth = {row["date"]: row for row in csv.DictReader(open(daily, newline=""))}
# event slot -> airforce column
pairs = [("drones_launched", "drones_launched"), ("drones_intercepted", "drones_destroyed"),
         ("drones_lost", "drones_lost"), ("missiles_launched", "missiles_launched"),
         ("missiles_intercepted", "missiles_destroyed")]
agree = total = national = 0
for line in open(events):
    ev = json.loads(line)
    if ev.get("place") != "Ukraine" or not re.fullmatch(r"\d{4}-\d\d-\d\d", ev.get("date", "")):
        continue
    national += 1
    row = truth.get(ev["date"])
    if row is None:
        print(f"{ev['doc']}: {ev['date']}: no air-force line for that day")
        continue
    for slot, col in pairs:
        if slot not in ev or not row.get(col):
            continue
        total += 1
        ok = int(ev[slot]) == int(row[col])
        agree += ok
        print(f"{ev['doc']}: {ev['date']} {slot}: newsfacts {ev[slot]}, air force {row[col]}"
              f" {'agree' if ok else 'DIFFER'}")
print(f"national events with a calendar date: {national}; figures compared: {total}; agree: {agree}")
PY
