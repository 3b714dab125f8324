#!/usr/bin/env bash
# Import and export of N revisions: kaocha against SQLite loading and
# exporting the same JSON (json_each / json_group_array in one transaction,
# file database, PRAGMA synchronous=FULL; its export file is fsynced, as
# kaocha's is), measured side by side in one run, round after round. SQLite
# neither signs nor checks signatures: kaocha's side does both.
# Prints one JSON line per figure: medians in seconds and the ratios
# kaocha / SQLite (figure "import_vs_sqlite" and "export_vs_sqlite").
# Each round also times the floor under kaocha's import (benches/sled_floor.rs:
# the same heads written into bare sled, nothing else) and prints its ratio
# to SQLite ("sled_floor_vs_sqlite").
#
# Needs a release build and the sqlite3 command-line tool:
#   cargo build --release
#   apt-get install sqlite3        (Debian/Ubuntu; other systems: their sqlite3 package)
# Usage: benches/vs-sqlite.sh [N] [ROUNDS]     (defaults 100000 and 5)
#        KAOCHA_BIN=path/to/kaocha benches/vs-sqlite.sh ...   (another build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
ROUNDS=${2:-5}
# KAOCHA_BIN: another build to measure (e.g. the one before a change).
K=${KAOCHA_BIN:-target/release/kaocha}
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed: apt-get install sqlite3" >&2; exit 2; }
[ -x "$K" ] || { echo "no release build: cargo build --release" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The data: a field installation with N entries and its full results bundle.
"$K" bench --entries "$N" --data-dir "$work" --keep >"$work/bench.jsonl"
field="$work/bench-$N"
bundle="$work/bench-$N.json"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

: >"$work/ki"; : >"$work/si"; : >"$work/ke"; : >"$work/se"; : >"$work/ri"; : >"$work/re"
: >"$work/fi"; : >"$work/rf"
cargo bench --bench sled_floor --no-run 2>/dev/null
for r in $(seq "$ROUNDS"); do
    # kaocha import into a fresh HQ that has the campaign and trusts the field.
    hq="$work/hq-$r"
    "$K" bench --prepare-hq "$hq" --bundle "$bundle" >/dev/null
    t0=$(now); "$K" --data-dir "$hq" import "$bundle" >/dev/null; t1=$(now)
    ki=$(echo "$t1 - $t0" | bc -l)
    # SQLite: the same file, one transaction, a file database.
    db="$work/sq-$r.db"
    t0=$(now)
    sqlite3 "$db" "PRAGMA synchronous=FULL; CREATE TABLE revision(id TEXT PRIMARY KEY, entry TEXT, body TEXT);
        BEGIN; INSERT INTO revision SELECT json_extract(value,'$.id'), json_extract(value,'$.entry'), value
        FROM json_each(readfile('$bundle'), '$.payload.revisions'); COMMIT;"
    t1=$(now)
    si=$(echo "$t1 - $t0" | bc -l)
    # Export: kaocha's full export against SQLite's json_group_array to a file.
    t0=$(now); "$K" --data-dir "$field" export -o "$work/out-$r.json" >/dev/null; t1=$(now)
    ke=$(echo "$t1 - $t0" | bc -l)
    t0=$(now)
    sqlite3 "$db" "SELECT writefile('$work/sq-out-$r.json', (SELECT json_group_array(json(body)) FROM revision));" >/dev/null
    sync "$work/sq-out-$r.json"
    t1=$(now)
    se=$(echo "$t1 - $t0" | bc -l)
    echo "$ki" >>"$work/ki"; echo "$si" >>"$work/si"; echo "$ke" >>"$work/ke"; echo "$se" >>"$work/se"
    echo "$ki / $si" | bc -l >>"$work/ri"; echo "$ke / $se" | bc -l >>"$work/re"
    fi=$(cargo bench --bench sled_floor -- "$bundle" 2>/dev/null | sed -n 's/.*"value":\([0-9.]*\).*/\1/p')
    echo "$fi" >>"$work/fi"; echo "$fi / $si" | bc -l >>"$work/rf"
    rm -rf "$hq" "$db"
done
printf '{"figure":"import_kaocha","entries":%s,"value":%s,"unit":"s"}\n' "$N" "$(median <"$work/ki")"
printf '{"figure":"import_sqlite","entries":%s,"value":%s,"unit":"s"}\n' "$N" "$(median <"$work/si")"
printf '{"figure":"import_vs_sqlite","entries":%s,"value":%s,"unit":"ratio"}\n' "$N" "$(median <"$work/ri")"
printf '{"figure":"import_sled_floor","entries":%s,"value":%s,"unit":"s"}\n' "$N" "$(median <"$work/fi")"
printf '{"figure":"sled_floor_vs_sqlite","entries":%s,"value":%s,"unit":"ratio"}\n' "$N" "$(median <"$work/rf")"
printf '{"figure":"export_kaocha","entries":%s,"value":%s,"unit":"s"}\n' "$N" "$(median <"$work/ke")"
printf '{"figure":"export_sqlite","entries":%s,"value":%s,"unit":"s"}\n' "$N" "$(median <"$work/se")"
printf '{"figure":"export_vs_sqlite","entries":%s,"value":%s,"unit":"ratio"}\n' "$N" "$(median <"$work/re")"
