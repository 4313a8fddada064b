#!/usr/bin/env bash
# Where the CPU training step spends its time: Linux perf samples of `dcgan-cli bench`, self time by function, the
# JIT's frames named through .NET's perf map. Needs perf (Debian's linux-perf) and kernel.perf_event_paranoid <= 2.
#
#   bench/profile_step.sh MODEL [avx512|avx2|scalar] [--threads T] [--steps N]
#
# The SIMD path is forced the way the JIT is told (DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0), so one AVX-512
# machine profiles every path. The samples include bench's own FMA-peak measurement (FmaPeak::Chain*) and the pool's
# idle workers spinning between kernels (libcoreclr, under WorkerPool::WorkerLoop): neither is the step's work.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: bench/profile_step.sh MODEL [avx512|avx2|scalar] [--threads T] [--steps N]"
model=${1:?$usage}; shift
path=native
if [ $# -gt 0 ] && [[ $1 != --* ]]; then path=$1; shift; fi
threads=$(nproc); steps=60
while [ $# -gt 0 ]; do
  case $1 in
    --threads) threads=${2:?$usage}; shift 2 ;;
    --steps) steps=${2:?$usage}; shift 2 ;;
    *) echo "unknown option $1; $usage" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
# W^X double-maps JIT code through a memfd, which perf cannot name: off for this process only.
env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
case $path in
  avx2) env+=(DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0) ;;
  scalar) env+=(DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX2=0) ;;
  avx512|native) ;;
  *) echo "unknown path $path (avx512, avx2 or scalar); $usage" >&2; exit 2 ;;
esac
dotnet build Dcgan.Cli -c Release -v q -nologo >/dev/null
cli=Dcgan.Cli/bin/Release/net10.0/dcgan-cli
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
env "${env[@]}" perf record -F 1999 -g -o "$data/perf.data" -- "$cli" bench --model "$model" --steps "$steps" --warmup 20 --threads "$threads" \
  >"$data/bench.txt" 2>"$data/perf.log" || { cat "$data/perf.log" "$data/bench.txt" >&2; exit 1; }
grep -E "^[a-z_0-9]+:|ms/step" "$data/bench.txt"
perf report -i "$data/perf.data" --no-children --sort symbol --percent-limit 0.7 -g none --stdio 2>/dev/null \
  | grep -E "^ +[0-9]" | sed -E 's/\[[^]]*\] //g; s/\(.*$//; s/[[:space:]]+-[[:space:]]+-[[:space:]]*$//'
