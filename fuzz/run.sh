#!/usr/bin/env bash
# Runs each fuzz target in turn for SECONDS (default 600), one process each,
# starting from the committed seeds. New corpus entries go to
# fuzz/corpus/<target>, crashes to fuzz/artifacts/<target> (both ignored by
# git). Needs `cargo install cargo-fuzz`; RUSTC_BOOTSTRAP lets a stable
# toolchain build with the sanitizer flags cargo-fuzz passes.
#
#   fuzz/run.sh            # 10 minutes per target
#   fuzz/run.sh 60 tsv     # one minute, one target
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(match_entities normalize tsv)
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t: $secs s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -max_len=8192 -print_final_stats=1
done
