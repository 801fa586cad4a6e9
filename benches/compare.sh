#!/usr/bin/env bash
# Side-by-side measurements for BENCHMARKS.md (SPEC §8), all in one run:
#
#   - wall time (hyperfine medians) of `frontback check FILE`, `frontback report FILE
#     --format json`, the first frame (examples/first_frame.rs: read, parse, classify,
#     build the app, draw at 120x40 on a test backend) and `jq . FILE.json` as a
#     reference;
#   - peak memory (`/usr/bin/time -v`) of the same commands;
#   - the first screen of the real interface in a 120x40 tmux pane, `frontback FILE`
#     against `jless FILE.json` on the same tree as JSON, run in turn, with the peak
#     memory (VmHWM) of each when its first screen shows;
#   - the CPU time of an idle `frontback FILE`, read twice 5 s apart.
#
#   - the odd shapes (examples/gen_org.rs `--shape`): a million siblings under one
#     parent, the deepest chain a file may hold (63 levels and a leaf: deeper is refused
#     on reading), 10 KB notes on 10k departments and 20k functions declared in the
#     file: `check`, the first frame and the first screen, with their peak memory.
#
# Usage: benches/compare.sh [SIZE...|none]      (default: 100000 1000000; `none`: only
# the odd shapes)
# The edit table of benches/edits.sh (key to visible change in the real interface) runs
# on the largest size, on the usual shape and a flat one; EDIT_RUNS runs each
# (default 5).
# Environment: OUT (work folder, default /tmp/frontback-compare), RUNS (hyperfine runs,
# default 10), TUI_RUNS (first screens per program, default 9), CARGO_TARGET_DIR,
# JLESS (the jless binary; without one, jq is the only baseline), SHAPES (the odd
# shapes as SHAPE:COUNT, default "flat:1000000 deep:63 notes:10000 functions:20000";
# empty: none).
# Needs: cargo, hyperfine, jq, tmux, GNU time (/usr/bin/time).

set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
[ "${SIZES[*]}" != none ] || SIZES=()
read -r -a SHAPES <<<"${SHAPES-flat:1000000 deep:63 notes:10000 functions:20000}"
OUT=${OUT:-/tmp/frontback-compare}
RUNS=${RUNS:-10}
TUI_RUNS=${TUI_RUNS:-9}
TARGET=${CARGO_TARGET_DIR:-target}
SOCKET=frontback-compare-$$
mkdir -p "$OUT"
RESULTS=$OUT/results.md

for tool in hyperfine jq tmux /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (apt-get install -y ${tool##*/})" >&2; exit 1; }
done
JLESS=${JLESS:-$(command -v jless || true)}
[ -n "$JLESS" ] || [ ! -x "$HOME/.cargo/bin/jless" ] || JLESS=$HOME/.cargo/bin/jless

cargo build --release --bin frontback --example gen_org --example first_frame --example to_json
FRONTBACK=$TARGET/release/frontback
FIRST_FRAME=$TARGET/release/examples/first_frame
FRONTBACK=$(realpath "$FRONTBACK")
FIRST_FRAME=$(realpath "$FIRST_FRAME")

# ---------------------------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# Peak resident memory of a command, in MB.
peak_mb() {
    /usr/bin/time -v "$@" 2>"$OUT/time.txt" >/dev/null || true
    awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$OUT/time.txt"
}

tmux_() { tmux -L "$SOCKET" "$@"; }
cleanup() { tmux_ kill-server 2>/dev/null || true; }
trap cleanup EXIT
# A server kept alive across the runs, so that no run pays for starting it.
tmux_ new-session -d -s keep -x 120 -y 40 "sleep 100000"

# Starts `$1` in a fresh 120x40 pane and waits for its screen to show the text `$2`
# (to within the 10 ms between polls).
# Sets FIRST_MS (elapsed from starting the pane), PID and HWM_MB (peak memory then).
first_screen() {
    local command=$1 marker=$2 start now screen=""
    tmux_ kill-session -t probe 2>/dev/null || true
    start=$(date +%s%N)
    tmux_ new-session -d -s probe -x 120 -y 40 "exec $command"
    until [[ $screen == *"$marker"* ]]; do
        # A poll every 10 ms: polling without a pause kept a core busy with tmux
        # processes, which slowed a program that reads on both cores more than one
        # that reads on one.
        sleep 0.01
        screen=$(tmux_ capture-pane -p -t probe 2>/dev/null || true)
        now=$(date +%s%N)
        if (((now - start) / 1000000 > 120000)); then
            echo "compare.sh: no first screen after 120 s from: $command" >&2
            tmux_ capture-pane -p -t probe >&2 || true
            exit 1
        fi
    done
    now=$(date +%s%N)
    FIRST_MS=$(((now - start) / 1000000))
    PID=$(tmux_ display-message -p -t probe '#{pane_pid}')
    HWM_MB=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# After first_screen: waits until the whole file is in (frontback: no "so far" or
# "loading" left on screen, in either language; jless reads it all before its first screen), then a second more, and
# sets LOADED_MB to the peak memory so far: the peak of the whole open.
loaded_peak() {
    local screen start
    start=$(date +%s)
    while :; do
        screen=$(tmux_ capture-pane -p -t probe 2>/dev/null || true)
        [[ $screen == *"so far"* || $screen == *"loading"* || $screen == *"hasta ahora"* || $screen == *"cargando"* ]] || break
        if (($(date +%s) - start > 300)); then
            echo "compare.sh: still loading after 300 s" >&2
            exit 1
        fi
        sleep 0.05
    done
    sleep 1
    LOADED_MB=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")
}

# ---------------------------------------------------------------------------------
{
    echo "# frontback compare.sh results"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "- load average at the start: $(load_average)"
    echo "- jless: ${JLESS:-not available; jq is the only baseline}"
    echo
} >"$RESULTS"

for size in ${SIZES[@]+"${SIZES[@]}"}; do
    toml=$OUT/org-$size.toml
    json=$OUT/org-$size.json
    [ -s "$toml" ] || "$TARGET/release/examples/gen_org" "$size" >"$toml"
    [ -s "$json" ] || "$TARGET/release/examples/to_json" "$toml" >"$json"
    marker="Generated $size"
    toml_mb=$(stat -c %s "$toml" | awk '{ printf "%.1f", $1 / 1e6 }')
    json_mb=$(stat -c %s "$json" | awk '{ printf "%.1f", $1 / 1e6 }')
    echo "== $size departments: $toml ($toml_mb MB), $json ($json_mb MB); load $(load_average)" >&2

    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/cli-$size.json" \
        -n check "$FRONTBACK check $toml" \
        -n report "$FRONTBACK report $toml --format json" \
        -n first_frame "$FIRST_FRAME $toml" \
        -n jq "jq . $json" >&2
    cli() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000 | floor' "$OUT/cli-$size.json"; }

    mem_check=$(peak_mb "$FRONTBACK" check "$toml")
    mem_report=$(peak_mb "$FRONTBACK" report "$toml" --format json)
    mem_first=$(peak_mb "$FIRST_FRAME" "$toml")
    mem_jq=$(peak_mb jq . "$json")

    # The real interfaces in tmux, in turn.
    : >"$OUT/tui-frontback-$size.txt"
    : >"$OUT/tui-jless-$size.txt"
    for _ in $(seq "$TUI_RUNS"); do
        first_screen "$FRONTBACK $toml" "$marker"
        loaded_peak
        echo "$FIRST_MS $HWM_MB $LOADED_MB" >>"$OUT/tui-frontback-$size.txt"
        if [ -n "$JLESS" ]; then
            first_screen "$JLESS $json" "$marker"
            loaded_peak
            echo "$FIRST_MS $HWM_MB $LOADED_MB" >>"$OUT/tui-jless-$size.txt"
        fi
    done
    tmux_ kill-session -t probe 2>/dev/null || true
    tui_ms=$(cut -d' ' -f1 "$OUT/tui-frontback-$size.txt" | median)
    tui_mb=$(cut -d' ' -f2 "$OUT/tui-frontback-$size.txt" | median)
    tui_loaded=$(cut -d' ' -f3 "$OUT/tui-frontback-$size.txt" | median)
    jless_ms=$(cut -d' ' -f1 "$OUT/tui-jless-$size.txt" | median)
    jless_mb=$(cut -d' ' -f2 "$OUT/tui-jless-$size.txt" | median)
    jless_loaded=$(cut -d' ' -f3 "$OUT/tui-jless-$size.txt" | median)

    # Idle: the CPU time of the interface must not grow while nothing happens.
    first_screen "$FRONTBACK $toml" "$marker"
    loaded_peak
    sleep 5
    idle_before=$(cpu_ticks "$PID")
    sleep 5
    idle_after=$(cpu_ticks "$PID")
    tmux_ kill-session -t probe

    {
        echo "## $size departments (TOML $toml_mb MB, JSON $json_mb MB)"
        echo
        echo "| what | median time | ratio to jq | peak memory |"
        echo "|---|---|---|---|"
        jq_ms=$(cli jq)
        for name in check report first_frame jq; do
            case $name in
                check) label="frontback check"; mem=$mem_check ;;
                report) label="frontback report --format json"; mem=$mem_report ;;
                first_frame) label="first frame (examples/first_frame)"; mem=$mem_first ;;
                jq) label="jq . FILE.json (reference)"; mem=$mem_jq ;;
            esac
            ms=$(cli "$name")
            echo "| $label | $ms ms | $(ratio "$ms" "$jq_ms") | $mem MB |"
        done
        echo
        echo "First screen in a 120x40 tmux pane, medians of $TUI_RUNS runs each, in turn:"
        echo
        echo "| program | first screen | peak memory then | peak memory, whole file in | ratio to jless (time) | ratio to jless (peak memory, whole file in) |"
        echo "|---|---|---|---|---|---|"
        echo "| frontback FILE.toml | $tui_ms ms | $tui_mb MB | $tui_loaded MB | $(ratio "$tui_ms" "$jless_ms") | $(ratio "$tui_loaded" "$jless_loaded") |"
        if [ -n "$JLESS" ]; then
            echo "| jless FILE.json | $jless_ms ms | $jless_mb MB | $jless_loaded MB | 1 | 1 |"
        fi
        echo
        echo "Idle CPU of frontback, 5 s after the whole file was in: $idle_before ticks, 5 s later $idle_after ticks ($((idle_after - idle_before)) more; $(getconf CLK_TCK) ticks a second)."
        echo
    } >>"$RESULTS"
done

# ---------------------------------------------------------------------------------
# The odd shapes: the company's name, which the first screen shows, for each.
company_of() {
    case $1 in
        flat) echo Flat ;;
        deep) echo Deep ;;
        notes) echo Noted ;;
        functions) echo Functions ;;
        *) echo "compare.sh: unknown shape $1 (flat, deep, notes or functions)" >&2; exit 1 ;;
    esac
}

if [ ${#SHAPES[@]} -gt 0 ]; then
    {
        echo "## Odd shapes"
        echo
        echo "| shape | TOML | check | first frame | first screen (frontback) | first screen (jless) | peak memory (first frame) |"
        echo "|---|---|---|---|---|---|---|"
    } >>"$RESULTS"
fi
for entry in ${SHAPES[@]+"${SHAPES[@]}"}; do
    shape=${entry%%:*}
    count=${entry#*:}
    marker=$(company_of "$shape")
    toml=$OUT/$shape-$count.toml
    json=$OUT/$shape-$count.json
    [ -s "$toml" ] || "$TARGET/release/examples/gen_org" "$count" --shape "$shape" >"$toml"
    [ -n "$JLESS" ] && { [ -s "$json" ] || "$TARGET/release/examples/to_json" "$toml" >"$json"; }
    toml_mb=$(stat -c %s "$toml" | awk '{ printf "%.1f", $1 / 1e6 }')
    echo "== $shape, $count: $toml ($toml_mb MB); load $(load_average)" >&2

    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/shape-$shape-$count.json" \
        -n check "$FRONTBACK check $toml" \
        -n first_frame "$FIRST_FRAME $toml" >&2
    cli() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000 | floor' "$OUT/shape-$shape-$count.json"; }
    mem_first=$(peak_mb "$FIRST_FRAME" "$toml")

    : >"$OUT/tui-frontback-$shape-$count.txt"
    : >"$OUT/tui-jless-$shape-$count.txt"
    for _ in $(seq "$TUI_RUNS"); do
        first_screen "$FRONTBACK $toml" "$marker"
        echo "$FIRST_MS" >>"$OUT/tui-frontback-$shape-$count.txt"
        if [ -n "$JLESS" ]; then
            first_screen "$JLESS $json" "$marker"
            echo "$FIRST_MS" >>"$OUT/tui-jless-$shape-$count.txt"
        fi
    done
    tmux_ kill-session -t probe 2>/dev/null || true
    tui_ms=$(median <"$OUT/tui-frontback-$shape-$count.txt")
    jless_ms=$(median <"$OUT/tui-jless-$shape-$count.txt")
    [ -n "$JLESS" ] || jless_ms="-"

    echo "| $shape, $count | $toml_mb MB | $(cli check) ms | $(cli first_frame) ms | $tui_ms ms | $jless_ms ms | $mem_first MB |" >>"$RESULTS"
done
[ ${#SHAPES[@]} -eq 0 ] || echo >>"$RESULTS"

# ---------------------------------------------------------------------------------
# Edits in the real interface, key to visible change (benches/edits.sh), on the
# largest size: the usual shape, and a flat one (all departments under one parent)
# for moving among a million siblings.
if [ ${#SIZES[@]} -gt 0 ]; then
    size=${SIZES[${#SIZES[@]} - 1]}
    flat=$OUT/flat-$size.toml
    [ -s "$flat" ] || "$TARGET/release/examples/gen_org" "$size" --shape flat >"$flat"
    echo "== edits at $size departments; load $(load_average)" >&2
    {
        echo "## Edits at $size departments"
        echo
        FRONTBACK=$FRONTBACK OUT=$OUT/edits RUNS=${EDIT_RUNS:-5} benches/edits.sh "$OUT/org-$size.toml" "$flat"
        echo
    } >>"$RESULTS"
fi

echo "- load average at the end: $(load_average)" >>"$RESULTS"
cat "$RESULTS"
