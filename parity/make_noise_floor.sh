#!/usr/bin/env bash
# PyTorch disagrees with itself between thread counts: a bias that feeds batch norm has an
# exactly-zero gradient, so the stored one is rounding noise, and Adam turns noise into
# +-lr steps. This script re-runs reference.py at 2 threads (the fixtures use 1) so the parity
# check can tell differences PyTorch has with itself from real ones.
# usage: parity/make_noise_floor.sh REFERENCE_PY OUT_DIR [reference.py arguments...]
set -euo pipefail
ref=$1; out=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed 's/torch.set_num_threads(1)/torch.set_num_threads(2)/' "$ref" > "$tmp/reference_2threads.py"
grep -q 'set_num_threads(2)' "$tmp/reference_2threads.py"
/usr/bin/python3 "$tmp/reference_2threads.py" "$out" "$@"
