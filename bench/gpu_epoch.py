"""A full MNIST epoch on one GPU: dcgan against PyTorch (eager, and torch.compile where it runs).

    python3 bench/gpu_epoch.py [--models fc_conv_mnist ganlab] [--data DIR] [--dcgan PATH] [--device cuda]

For each model, PyTorch runs reference.py's own training step (the recipe the model's source used) over
one epoch of the 60,000 MNIST training images at the model's batch size (937 steps at 64), data included
the way dcgan does it: the images live on the device as bytes, each epoch draws a permutation on the
device, and every step gathers and scales its batch there. Losses stay on the device (no .item() per step).
Each mode runs warm-up steps first (torch.compile compiles then; its time is printed apart), then one
whole epoch is timed between two synchronisations. dcgan's figure comes from `dcgan-cli bench --epoch
--device cuda --json`; where that fails (no CUDA backend in the build, no GPU) its reason is printed and
the PyTorch figures still are. Prints a table and, with --json, one JSON object per line.

--device cpu and --max-steps exist to check this script on a machine without a GPU; figures taken
that way say nothing about the GPU goal.
"""
import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def load_reference(path):
    spec = importlib.util.spec_from_file_location("reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_mnist(explicit):
    """The training images' IDX file, as dcgan-cli looks for it (DCGAN_DATA, then ~/.local/share/dcgan)."""
    roots = [explicit] if explicit else []
    if os.environ.get("DCGAN_DATA"):
        roots.append(os.path.join(os.environ["DCGAN_DATA"], "mnist"))
    roots.append(os.path.expanduser("~/.local/share/dcgan/mnist"))
    for root in roots:
        for name in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"):
            path = os.path.join(root, name)
            if os.path.isfile(path):
                return path
    sys.exit(f"MNIST training images not found in {', '.join(roots)}; run `dcgan-cli train --dataset mnist` once, "
             "or pass --data DIR")


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != 0x00000803:
        sys.exit(f"{path}: not an IDX image file (magic {data[0:4].hex()})")
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return torch.frombuffer(bytearray(data), dtype=torch.uint8, offset=16, count=count * rows * cols).reshape(count, 1, rows, cols)


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def pytorch_epoch(R, model, mode, images_u8, device, warmup, max_steps):
    """Seconds for one epoch (or max_steps) of `mode` ('eager' or 'compile'), and the compile warm-up seconds."""
    torch.manual_seed(1)
    spec = R.ZOO[model]()
    h = spec["hyper"]
    batch = h["batch"]
    G, D = spec["G"].to(device), spec["D"].to(device)
    R.initialise(G, spec["init"])
    R.initialise(D, spec["init"])
    gopt, dopt = R.adam(G.parameters(), h["g_lr"], h), R.adam(D.parameters(), h["d_lr"], h)
    if mode == "compile":
        G, D = torch.compile(G, mode="reduce-overhead"), torch.compile(D, mode="reduce-overhead")
    lo, hi = map(float, spec["data_range"].split(","))
    scale = (hi - lo) / 255.0
    steps = images_u8.shape[0] // batch
    if max_steps:
        steps = min(steps, max_steps)

    def latent():
        if h["latent_dist"] == "uniform":
            return torch.rand(batch, *spec["latent"], device=device) * 2 - 1
        return torch.randn(batch, *spec["latent"], device=device)

    def run(count, permutation):
        losses = None
        for i in range(count):
            index = permutation[i * batch:(i + 1) * batch]
            real = images_u8[index].float() * scale + lo
            out = R.step(spec, G, D, gopt, dopt, real, latent(), latent(), lambda what, _: None)
            losses = (out["d_loss"], out["g_loss"])
        return losses

    start = time.perf_counter()
    run(warmup, torch.randperm(images_u8.shape[0], device=device))
    synchronise(device)
    warm_seconds = time.perf_counter() - start

    start = time.perf_counter()
    d_loss, g_loss = run(steps, torch.randperm(images_u8.shape[0], device=device))
    synchronise(device)
    seconds = time.perf_counter() - start
    return dict(system="pytorch", mode=mode, torch=torch.__version__, model=model, batch=batch, steps=steps,
                epoch_s=seconds, warmup_s=warm_seconds, images_per_s=steps * batch / seconds,
                d_loss=float(d_loss), g_loss=float(g_loss))


def dcgan_epoch(dcgan, model, device, warmup, max_steps):
    """dcgan-cli's own figure, or the one line it refused with."""
    if not dcgan:
        return dict(system="dcgan", model=model, error="no dcgan-cli given (--dcgan PATH)")
    cmd = [dcgan, "bench", "--model", model, "--epoch", "--device", device.type, "--warmup", str(warmup), "--json"]
    if max_steps:
        cmd += ["--steps", str(max_steps)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    except OSError as e:
        return dict(system="dcgan", model=model, error=f"cannot run {dcgan}: {e}")
    if done.returncode != 0:
        reason = (done.stderr.strip() or done.stdout.strip()).splitlines()
        return dict(system="dcgan", model=model, error=reason[-1] if reason else f"exit {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", nargs="+", default=["fc_conv_mnist", "ganlab"])
    ap.add_argument("--modes", nargs="+", default=["eager", "compile"], choices=["eager", "compile"])
    ap.add_argument("--data", help="directory holding MNIST's train-images-idx3-ubyte[.gz]")
    ap.add_argument("--dcgan", help="the dcgan-cli executable (a published single file)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--warmup", type=int, default=30, help="untimed steps before the timed epoch")
    ap.add_argument("--max-steps", type=int, default=0, help="time this many steps instead of a whole epoch")
    ap.add_argument("--reference", default=os.path.join(HERE, "..", "parity", "reference.py"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    device = torch.device(a.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("--device cuda: PyTorch sees no GPU here (use --device cpu to check the script)")
    if device.type == "cuda":
        # Parity settings on both sides: no TF32 in PyTorch's matrix products or convolutions.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cudnn.benchmark = True
    R = load_reference(a.reference)
    images = read_idx_images(find_mnist(a.data)).to(device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    print(f"device: {name}; torch {torch.__version__}; {images.shape[0]} MNIST images on the device", file=sys.stderr)

    rows = []
    for model in a.models:
        ours = dcgan_epoch(a.dcgan, model, device, a.warmup, a.max_steps)
        rows.append(ours)
        for mode in a.modes:
            if mode == "compile" and not hasattr(torch, "compile"):
                rows.append(dict(system="pytorch", mode=mode, model=model, error=f"torch {torch.__version__} has no torch.compile"))
                continue
            try:
                rows.append(pytorch_epoch(R, model, mode, images, device, a.warmup, a.max_steps))
            except Exception as e:  # a compile failure is a figure we report, not a crash of the whole comparison
                rows.append(dict(system="pytorch", mode=mode, model=model, error=f"{type(e).__name__}: {e}".splitlines()[0]))

    for row in rows:
        if a.json:
            print(json.dumps(row))
    print(f"{'model':<15} {'system':<16} {'steps':>6} {'epoch s':>9} {'images/s':>10} {'dcgan faster':>13}")
    for model in a.models:
        ours = next(r for r in rows if r["model"] == model and r["system"] == "dcgan")
        for r in (r for r in rows if r["model"] == model):
            label = r["system"] + (f" {r['mode']}" if "mode" in r else "")
            if "error" in r:
                print(f"{model:<15} {label:<16} {r['error']}")
                continue
            ratio = r["epoch_s"] / ours["epoch_s"] if "epoch_s" in ours and r is not ours else None
            print(f"{model:<15} {label:<16} {r['steps']:>6} {r['epoch_s']:>9.3f} {r['images_per_s']:>10.0f} "
                  f"{(f'{ratio:.1f}x' if ratio else ''):>13}")


if __name__ == "__main__":
    main()
