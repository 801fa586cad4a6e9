#!/usr/bin/env bash
# Edits at scale in a real terminal, for BENCHMARKS.md: the time from a key to the
# first screen that shows its effect, with the real interface in a 120x40 tmux pane.
#
# Opens a copy of ORG (and of FLAT, an org of one department holding all the others),
# waits until the whole file is in (no "so far" left on screen), then times each
# edit RUNS times and prints the medians as a Markdown table. Each time runs from
# `tmux send-keys` to the first capture of the pane that differs from the one before
# the key (captures one after the other, each a `tmux capture-pane` of a millisecond
# or two, so figures carry a few ms of polling: the `j` row is the floor; the polling
# keeps about one core busy beside the app).
# Keys that only set an edit up (opening a prompt, typing a name) are not timed.
#
# Usage: benches/edits.sh ORG.toml [FLAT.toml]
# Environment: RUNS (default 5), FRONTBACK (the binary; default the release build),
# OUT (work folder, default /tmp/frontback-edits).
# Needs: tmux.
set -euo pipefail

ORG=${1:?usage: benches/edits.sh ORG.toml [FLAT.toml]}
FLAT=${2:-}
RUNS=${RUNS:-5}
OUT=${OUT:-/tmp/frontback-edits}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FRONTBACK=${FRONTBACK:-${CARGO_TARGET_DIR:-$ROOT/target}/release/frontback}
SOCKET=frontback-edits-$$
LIMIT_MS=60000

command -v tmux >/dev/null || { echo "edits.sh needs tmux" >&2; exit 1; }
[ -n "${EPOCHREALTIME:-}" ] || { echo "edits.sh needs bash 5 or later (EPOCHREALTIME)" >&2; exit 1; }
[ -x "$FRONTBACK" ] || { echo "no binary at $FRONTBACK: cargo build --release" >&2; exit 1; }
mkdir -p "$OUT"

tmux_() { tmux -L "$SOCKET" "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true' EXIT
# Milliseconds since the epoch in REPLY, read from bash's clock without starting a
# process (a `date` per look at the pane would add its own start to each figure).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; REPLY=$((t / 1000)); }
screen() { tmux_ capture-pane -p -t edits; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# Sends keys (tmux key names) and waits until the screen changes, or a few seconds
# when a key may change nothing (Home on the first row): for set-up keys.
keys() {
    local before
    before=$(screen)
    now_ms
    tmux_ send-keys -t edits "$@"
    wait_change "$before" "$REPLY" 5000 >/dev/null
}

# Waits until the screen differs from `$1`; prints the milliseconds since `$2`, or
# the limit (`$3`, default LIMIT_MS) when it never changes.
wait_change() {
    local before=$1 start=$2 limit=${3:-$LIMIT_MS}
    while :; do
        if [ "$(screen)" != "$before" ]; then
            now_ms
            echo $((REPLY - start))
            return
        fi
        now_ms
        if [ $((REPLY - start)) -gt "$limit" ]; then
            echo "$limit"
            return
        fi
    done
}

# Times one key: from sending it to the first screen that shows a change. It comes a
# moment after the screen showed the key before, as a person's next key would: the
# app works out ahead in such a pause what the next key may need (where the grey
# areas now sit, for `!`).
timed() {
    local before start
    sleep 0.3
    before=$(screen)
    now_ms
    start=$REPLY
    tmux_ send-keys -t edits "$@"
    wait_change "$before" "$start"
}

# Times one key twice: to the first screen that shows a change, and to the first that
# shows the text `$1` (which must not show before the key); prints both.
timed_to() {
    local text=$1 before start first
    shift
    sleep 0.3
    before=$(screen)
    if grep -qF "$text" <<<"$before"; then
        echo "\"$text\" shows before the key" >&2
        exit 1
    fi
    now_ms
    start=$REPLY
    tmux_ send-keys -t edits "$@"
    first=$(wait_change "$before" "$start")
    until screen | grep -qF "$text"; do
        now_ms
        [ $((REPLY - start)) -le "$LIMIT_MS" ] || break
    done
    now_ms
    echo "$first $((REPLY - start))"
}

# Opens a copy of `$1` and waits until it is wholly loaded.
open() {
    local copy=$OUT/$(basename "$1")
    cp "$1" "$copy"
    # No edits kept aside by an earlier run stopped mid-way (beside the file, or in
    # the data folder, given here as one of the script's own): the app would offer
    # them back and wait for an answer.
    rm -f "$OUT"/.*.recovered "$OUT"/.*.backup
    rm -rf "$OUT/.edits-data"
    mkdir -p "$OUT/.edits-data"
    tmux_ kill-session -t edits 2>/dev/null || true
    tmux_ new-session -d -s edits -x 120 -y 40 "XDG_DATA_HOME=$OUT/.edits-data exec $FRONTBACK --lang en $copy"
    local start
    now_ms
    start=$REPLY
    until screen | grep -q "Departments" && ! screen | grep -q -e "so far" -e "loading"; do
        sleep 0.05
        now_ms
        if [ $((REPLY - start)) -gt $((LIMIT_MS * 3)) ]; then
            echo "$1 did not load" >&2
            exit 1
        fi
    done
    sleep 0.5
}

declare -A TIMES
record() { TIMES[$1]="${TIMES[$1]:-} $2"; }

open "$ORG"
for _ in $(seq "$RUNS"); do
    # The floor: a key that only moves the selection.
    keys Home
    record "\`j\` (move down: the floor of this measure)" "$(timed j)"
    # Add a department under the first one, then undo it.
    keys Home
    keys a
    keys N e w
    record "\`a\` + Enter (add a department)" "$(timed Enter)"
    record "\`u\` (undo an add)" "$(timed u)"
    # Customers cycled on the first department, whose facts a third of the org inherits.
    record "\`c\` (customers of the first department)" "$(timed c)"
    record "\`u\` (undo that)" "$(timed u)"
    # The same under the last top-level department, whose tables close the file (and
    # with them the blank line a generated file ends with); then move it up and back.
    keys End
    keys a
    keys N e w
    record "\`a\` + Enter under the last department (the end of the file)" "$(timed Enter)"
    record "\`u\` (undo that add)" "$(timed u)"
    record "\`K\` (move the last department up)" "$(timed K)"
    record "\`J\` (and back down)" "$(timed J)"
    keys Home
    # Delete the first top-level department (about a tenth of the org), then undo.
    keys d
    record "\`d\`, \`y\` (delete a big subtree)" "$(timed y)"
    record "\`u\` (undo that delete)" "$(timed u)"
    # Copy it and paste it below itself, then undo the paste. The status names what
    # was copied: a move first makes each copy's message a new one.
    keys j
    keys k
    record "\`y\` (copy a big subtree)" "$(timed y)"
    record "\`p\` (paste it)" "$(timed p)"
    record "\`u\` (undo the paste)" "$(timed u)"
    # The grey-only filter on and off.
    record "\`!\` grey-only on" "$(timed '!')"
    record "\`!\` grey-only off" "$(timed '!')"
    # The first character of a search ("s": three departments in four match), then
    # one more: "sale" -> "sales".
    keys /
    record "the first character of a search" "$(timed s)"
    keys a l e
    record "a search character" "$(timed s)"
    # The first Esc closes the search line, the second drops its matches: with a
    # search kept, every edit would also search the whole org again.
    keys Escape
    keys Escape
done
# Indent the last top-level department under the one before it, and outdent its
# last child: each is written again where it is. Then outdent its first child, whose
# text first moves past its later siblings'.
for _ in $(seq "$RUNS"); do
    keys Home
    keys End
    record "\`>\` (indent the last department)" "$(timed '>')"
    record "\`u\` (undo that indent)" "$(timed u)"
    keys End
    keys l
    keys End
    record "\`<\` (outdent its last child)" "$(timed '<')"
    record "\`u\` (undo that outdent)" "$(timed u)"
    # Back to the last department, then to its first child.
    keys h
    keys j
    record "\`<\` (outdent its first child, past its later siblings)" "$(timed '<')"
    record "\`u\` (undo the outdent past siblings)" "$(timed u)"
    # Back to the last department, folded again.
    keys h
    keys h
done
keys Home

# Saves last: after each save a thread reads the file back once in the background
# (to vouch for its stamp), which would slow the edits timed after it. Save after an
# edit, then take the edit back and save again (not timed). A large file is written
# on a thread of its own: the key is answered with "Saving", and "Saved" follows
# once the disk has the text; both are timed.
for _ in $(seq "$RUNS"); do
    keys a
    keys N e w
    keys Enter
    read -r answered saved <<<"$(timed_to "Saved " s)"
    record "\`s\` (save): the key answered" "$answered"
    record "\`s\` (save): \"Saved\" on screen" "$saved"
    keys u
    keys s
    sleep 2
done

if [ -n "$FLAT" ]; then
    open "$FLAT"
    keys Home
    keys l
    keys End
    for _ in $(seq "$RUNS"); do
        record "\`K\` among all the siblings under one parent" "$(timed K)"
        keys J
    done
fi
tmux_ kill-session -t edits 2>/dev/null || true

echo "Edits in a 120x40 tmux pane, key to visible change, medians of $RUNS runs:"
echo
echo "| action | median | runs (ms) |"
echo "|---|---|---|"
for action in "\`j\` (move down: the floor of this measure)" "\`a\` + Enter (add a department)" "\`u\` (undo an add)" "\`c\` (customers of the first department)" "\`u\` (undo that)" \
    "\`a\` + Enter under the last department (the end of the file)" "\`u\` (undo that add)" "\`K\` (move the last department up)" "\`J\` (and back down)" "\`d\`, \`y\` (delete a big subtree)" \
    "\`u\` (undo that delete)" "\`y\` (copy a big subtree)" "\`p\` (paste it)" "\`u\` (undo the paste)" \
    "\`>\` (indent the last department)" "\`u\` (undo that indent)" "\`<\` (outdent its last child)" "\`u\` (undo that outdent)" \
    "\`<\` (outdent its first child, past its later siblings)" "\`u\` (undo the outdent past siblings)" \
    "\`!\` grey-only on" "\`!\` grey-only off" "the first character of a search" "a search character" "\`s\` (save): the key answered" "\`s\` (save): \"Saved\" on screen" \
    "\`K\` among all the siblings under one parent"; do
    [ -n "${TIMES[$action]:-}" ] || continue
    # shellcheck disable=SC2086
    echo "| $action | $(printf '%s\n' ${TIMES[$action]} | median) ms |${TIMES[$action]} |"
done
