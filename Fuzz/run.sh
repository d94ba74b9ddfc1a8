#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (first argument, default 300), from the
# package root: `make fuzz` (300 s each) and `make test` (30 s each) call it.
#
# If the fuzzer toolchain cannot build here (-sanitize=fuzzer,address needs the toolchain's
# libFuzzer and ASan runtimes, and lld), it prints one SKIPPED line with the reason and exits 0
# with --skip-if-unbuildable (make test), 1 without (make fuzz). A skip is never a pass.
# A crash stops the run with its input saved as crash-* in .build-fuzz/ and exits 1.
set -u
seconds=${1:-300}
skip_if_unbuildable=${2:-}
swift=${SWIFT:-swift}
targets="tags data zip xml"
build=.build-fuzz
log=$build/build.log
mkdir -p "$build"
: >"$log"
for target in $targets; do
    if ! APDOCS_FUZZ=1 "$swift" build --build-path "$build" --product "fuzz-$target" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >>"$log" 2>&1; then
        # An error in our own sources is a failure, not a missing toolchain.
        if grep -qE '\.swift:[0-9]+:[0-9]+: error:' "$log"; then
            echo "fuzz-$target: FAILED to compile:"
            grep -m5 -E '\.swift:[0-9]+:[0-9]+: error:' "$log" | sed 's/^/  /'
            exit 1
        fi
        reason=$(grep -m1 -E 'error:' "$log" | cut -c1-160)
        echo "SKIPPED fuzzing (all targets): fuzz-$target does not build with -sanitize=fuzzer,address here: ${reason:-see $log}"
        [ "$skip_if_unbuildable" = --skip-if-unbuildable ] && exit 0
        exit 1
    fi
done
status=0
for target in $targets; do
    corpus=$build/corpus/$target
    mkdir -p "$corpus"
    cp Fuzz/corpus/"$target"/* "$corpus"/
    case $target in
    zip) max_len=65536 ;;
    xml) max_len=16384 ;;
    *) max_len=4096 ;;
    esac
    # Foundation's property-list reader leaks its error objects on Linux (Fuzz/README.md).
    leaks=1
    [ "$target" = data ] && leaks=0
    out=$build/fuzz-$target.log
    (cd "$build" && ASAN_OPTIONS=detect_leaks=$leaks ./debug/fuzz-"$target" "corpus/$target" \
        -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) >"$out" 2>&1
    result=$?
    execs=$(grep -m1 'stat::number_of_executed_units' "$out" | awk '{print $2}')
    per_second=$(grep -m1 'stat::average_exec_per_sec' "$out" | awk '{print $2}')
    coverage=$(grep -E '^#[0-9]+' "$out" | grep -o 'cov: [0-9]*' | tail -n1 | awk '{print $2}')
    if [ $result -eq 0 ]; then
        echo "fuzz-$target: ${seconds} s, ${execs:-?} executions (${per_second:-?}/s), coverage ${coverage:-?} edges, no crash"
    else
        status=1
        echo "fuzz-$target: FAILED after ${execs:-?} executions; its input is in $build (crash-*, leak-*, timeout-* or oom-*); log $out:"
        grep -E 'ERROR|SUMMARY|Test unit written' "$out" | head -n 5 | sed 's/^/  /'
    fi
done
exit $status
