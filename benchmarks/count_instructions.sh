#!/usr/bin/env bash
# Instructions per conversion, counted by valgrind (repeatable, unlike the clock of a shared
# machine): (count(N rounds) - count(0 rounds)) / (N x samples). Arguments after N go to
# convert_samples.py (--stage read|prepare|map|full, --batch DIR).
#   benchmarks/count_instructions.sh 10 [--stage map]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}; shift || true
python=${PYTHON:-python3}
count() {
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$python" benchmarks/convert_samples.py "$@" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
zero=$(count 0 "$@"); many=$(count "$rounds" "$@")
samples=$(ls samples/*.txt | wc -l)
"$python" -c "print('%.2f M instructions per conversion' % (($many - $zero) / ($rounds * $samples) / 1e6))"
