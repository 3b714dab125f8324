#!/usr/bin/env bash
# A results bundle with photos: a field laptop attaches N generated photos of
# MB megabytes each (random bytes, so nothing compresses; 100 per 实地考察
# entry), exports one bundle, and HQ imports it. Times `kaocha export` and
# `kaocha import` (wall clock) and their peak memory (GNU time's maximum
# resident set size), ROUNDS times each, and the same with N/10 photos in
# the same run, so the two sizes show whether memory grows with the photos'
# total size. Prints one JSON line per figure (medians; sizes in bytes).
#
# Needs a release build and GNU time (`/usr/bin/time`, Debian package
# `time`), and about 4 × N × MB megabytes of free disk in TMPDIR.
#   cargo build --release
# Usage: benches/photos.sh [N] [MB] [ROUNDS]      (defaults 500 3 3)
#        KAOCHA_BIN=path/to/kaocha benches/photos.sh ...   (another build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
MB=${2:-3}
ROUNDS=${3:-3}
K=$(realpath "${KAOCHA_BIN:-target/release/kaocha}")
[ -x "$K" ] || { echo "no release build: cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed: apt-get install time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kao() { local dir=$1; shift; "$K" --data-dir "$dir" --user 测试员 "$@"; }
median() { sort -g | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s", m}'; }
# Runs a command under GNU time; prints "SECONDS KIB".
timed() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    cat "$work/time"
}

# HQ with the demo campaign, its plan for 第一组, and a field laptop.
kao "$work/hq" demo --no-tui >/dev/null
kao "$work/hq" plan export --team 第一组 -o "$work/plan.json" >/dev/null
hq_fp=$(kao "$work/hq" keys show | head -1 | sed 's/.*：//')

# A field laptop holding `count` photos; prints its folder.
field() {
    local count=$1 dir="$work/field-$1"
    kao "$dir" import "$work/plan.json" --trust "$hq_fp" >/dev/null
    local left=$count k=0
    while [ "$left" -gt 0 ]; do
        local n=$(( left < 100 ? left : 100 )) photos="$work/photos-$count-$k"
        mkdir -p "$photos"
        for i in $(seq "$n"); do
            head -c $(( MB << 20 )) /dev/urandom >"$photos/现场-$k-$i.jpg"
        done
        local id
        id=$(kao "$dir" entry new --unit u-yjj --form inspection)
        kao "$dir" entry attach "$id" photos "$photos" >/dev/null
        rm -rf "$photos"
        left=$(( left - n )); k=$(( k + 1 ))
    done
    echo "$dir"
}

for count in $(( N / 10 )) "$N"; do
    dir=$(field "$count")
    fp=$(kao "$dir" keys show | head -1 | sed 's/.*：//')
    : >"$work/et"; : >"$work/em"; : >"$work/it"; : >"$work/im"
    for r in $(seq "$ROUNDS"); do
        bundle="$work/results-$count.json"
        read -r s kib < <(timed "$K" --data-dir "$dir" --user 测试员 export -o "$bundle")
        echo "$s" >>"$work/et"; echo "$kib" >>"$work/em"
        size=$(stat -c %s "$bundle")
        rm -rf "$work/hq-copy"; cp -a "$work/hq" "$work/hq-copy"
        read -r s kib < <(timed "$K" --data-dir "$work/hq-copy" --user 考核委 import "$bundle" \
            --trust "$fp" --team 第一组)
        echo "$s" >>"$work/it"; echo "$kib" >>"$work/im"
        rm -f "$bundle"
    done
    printf '{"figure":"photos_bundle","photos":%d,"photo_mb":%d,"rounds":%d,"bundle_bytes":%d,' \
        "$count" "$MB" "$ROUNDS" "$size"
    printf '"export_s":%s,"export_peak_kib":%s,"import_s":%s,"import_peak_kib":%s}\n' \
        "$(median <"$work/et")" "$(median <"$work/em")" "$(median <"$work/it")" "$(median <"$work/im")"
    rm -rf "$dir" "$work/hq-copy"
done
