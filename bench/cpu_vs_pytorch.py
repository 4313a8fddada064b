#!/usr/bin/env python3
"""dcgan's CPU training step against PyTorch's, on this machine, in one run.

    python3 bench/cpu_vs_pytorch.py [--models fc_conv_mnist,pyimagesearch,conv4x4] [--threads T]
                                    [--steps 20] [--torch-steps 5] [--batch B]

For each model: `dcgan-cli bench --json` (built here in Release) and bench/pytorch_step.py (reference.py's
step under Debian's PyTorch, /usr/bin/python3; python3-torch is installed with apt-get when missing),
the same batch size and thread count, then a table of ms/step for both and the ratio. Both report the
median step after warm-up. Nothing else should run on the machine meanwhile.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TORCH_PYTHON = "/usr/bin/python3"


def ensure_torch():
    if subprocess.run([TORCH_PYTHON, "-c", "import torch"], capture_output=True).returncode == 0:
        return
    print("installing Debian's python3-torch (PyTorch for the peer step)...", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "python3-torch"], check=True, env=env)


def build_cli():
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "Dcgan.Cli"), "-c", "Release", "-v", "q", "-nologo"],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, "Dcgan.Cli", "bin", "Release", "net10.0", "dcgan-cli")


def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="fc_conv_mnist,pyimagesearch,conv4x4")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--steps", type=int, default=20, help="timed dcgan steps")
    ap.add_argument("--torch-steps", type=int, default=5, help="timed PyTorch steps")
    ap.add_argument("--batch", type=int, default=None, help="images per step (default: each model's own)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of both; each system's best counts")
    a = ap.parse_args()

    ensure_torch()
    cli = build_cli()
    rows = []
    for model in a.models.split(","):
        batch = ["--batch-size", str(a.batch)] if a.batch else []
        best_ours = best_peer = None
        for round_ in range(1, a.rounds + 1):
            ours = run_json([cli, "bench", "--model", model, "--steps", str(a.steps), "--threads", str(a.threads), "--json", *batch])
            peer = run_json([TORCH_PYTHON, os.path.join(ROOT, "bench", "pytorch_step.py"), model, "--batch", str(ours["batch"]),
                             "--steps", str(a.torch_steps), "--threads", str(a.threads)])
            print(f"{model} round {round_}: dcgan {ours['ms_per_step']:.1f} ms/step, PyTorch {peer['ms_per_step']:.1f} ms/step", file=sys.stderr)
            if best_ours is None or ours["ms_per_step"] < best_ours["ms_per_step"]:
                best_ours = ours
            if best_peer is None or peer["ms_per_step"] < best_peer["ms_per_step"]:
                best_peer = peer
        rows.append((best_ours, best_peer))

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"\n{cpu}; {a.threads} thread(s) each; best of {a.rounds} rounds; PyTorch {rows[0][1]['torch'] if rows else '?'}; dcgan {rows[0][0]['isa'] if rows else '?'}")
    print(f"{'model':<15} {'batch':>5} {'dcgan ms/step':>14} {'PyTorch ms/step':>16} {'ratio':>7} {'dcgan img/s':>12} {'GFLOP/s':>8} {'of peak':>8}")
    for ours, peer in rows:
        print(f"{ours['model']:<15} {ours['batch']:>5} {ours['ms_per_step']:>14.1f} {peer['ms_per_step']:>16.1f} "
              f"{peer['ms_per_step'] / ours['ms_per_step']:>6.1f}x {ours['images_per_s']:>12.0f} {ours['gflops']:>8.1f} {ours['peak_share']:>8.0%}")
    if rows:
        print(f"(FMA peak measured: {rows[0][0]['peak_gflops']:.0f} GFLOP/s)")


if __name__ == "__main__":
    main()
