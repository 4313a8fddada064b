#!/usr/bin/env bash
# Everything a session with a lent GPU should run, in one command (device time is scarce): the GPU and its
# libraries (doctor), NVRTC compiling every zoo model's generated kernels and each plan against the GPU's memory
# (doctor --model), and the full-epoch benchmark against PyTorch eager and torch.compile (bench/gpu_epoch.py).
# Logs go to $OUT (or ./gpu-session), one file per part; a failing part is logged and the next one still runs.
#
#   bench/gpu_session.sh DCGAN_CLI MNIST_DIR
#
# DCGAN_CLI: a published dcgan-cli (dotnet publish Dcgan.Cli -c Release -r linux-x64 -o out-gpu), since the GPU
# machines have no .NET. MNIST_DIR: a directory with MNIST's train-images-idx3-ubyte(.gz) (they cannot download).
set -uo pipefail
cli=${1:?usage: bench/gpu_session.sh DCGAN_CLI MNIST_DIR}
mnist=${2:?usage: bench/gpu_session.sh DCGAN_CLI MNIST_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-gpu-session}
mkdir -p "$out"
export DCGAN_KERNEL_CACHE="$out/kernel-cache"

part() { # part NAME COMMAND...: runs COMMAND, its output in $out/NAME.txt, and one summary line here
  local name=$1; shift
  local start=$SECONDS
  "$@" >"$out/$name.txt" 2>&1
  local rc=$?
  echo "$name: exit $rc in $((SECONDS - start)) s ($out/$name.txt)"
  return 0
}

python=$(command -v python3)
part machine bash -c "nvidia-smi; echo; $python -c 'import torch; print(\"torch\", torch.__version__, \"cuda\", torch.version.cuda, \"cudnn\", torch.backends.cudnn.version())'"
part doctor "$cli" doctor
for model in $("$cli" models | awk 'NR > 1 { print $1 }'); do
  part "doctor-$model" "$cli" doctor --model "$model"
done
part doctor-cached "$cli" doctor   # the second compile of the default model's kernels reads the cache
part gpu-epoch "$python" "$here/gpu_epoch.py" --dcgan "$cli" --data "$mnist" --json
tail -n 8 "$out/gpu-epoch.txt"
