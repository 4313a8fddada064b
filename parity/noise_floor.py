"""PyTorch's own rounding spread on a parity fixture: reference.py re-run so that only rounding
changes, for dcgan's parity check to tell rounding from real differences.

    /usr/bin/python3 parity/noise_floor.py REFERENCE_PY OUT_DIR KIND [reference.py arguments...]

KIND is one of
  threads2   the same run at 2 threads instead of 1 (other summation orders);
  float64    the same run in double precision (how far float32 is from the exact answer);
  perturbed  every starting value moved by 2^-20 of itself (eight float32 rounding steps, about
             what a float32 sum of a few hundred products accumulates; a fixed random sign per
             element), so that, as between any two float32 implementations, elements at an
             activation's kink and Adam updates of noise-level gradients may go either way.
Each writes OUT_DIR/<model>.safetensors (threads2) or OUT_DIR/<model>.<KIND>.safetensors with
the fixture's names and metadata plus "noise_floor" = KIND.
"""
import importlib.util
import os
import sys

import torch

reference_path, out_dir, kind = sys.argv[1], sys.argv[2], sys.argv[3]
if kind not in ("threads2", "float64", "perturbed"):
    sys.exit(f"unknown kind {kind!r}: threads2, float64 or perturbed")
spec = importlib.util.spec_from_file_location("reference", reference_path)
R = importlib.util.module_from_spec(spec)
spec.loader.exec_module(R)

original_hash_init, original_step, original_save = R.hash_init, R.step, R.save_safetensors


def hash_init(prefix, model, seed):
    original_hash_init(prefix, model, seed)
    if kind == "float64":
        model.double()
    elif kind == "perturbed":
        # A generator of its own, so the fixture's inputs (drawn from torch's global one) stay the same.
        g = torch.Generator().manual_seed(12345 + (prefix == "D"))
        with torch.no_grad():
            for t in model.state_dict().values():
                if t.is_floating_point():
                    sign = torch.randint(0, 2, t.shape, generator=g).to(t.dtype) * 2 - 1
                    t.mul_(1 + sign * 2.0 ** -20)


def step(spec_, G, D, gopt, dopt, real, z_d, z_g, rec):
    if kind != "float64":
        return original_step(spec_, G, D, gopt, dopt, real, z_d, z_g, rec)
    r = original_step(spec_, G, D, gopt, dopt, real.double(), z_d.double(), z_g.double(), rec)
    return {k: v.float() for k, v in r.items()}


def save_safetensors(path, tensors, metadata):
    metadata = dict(metadata, noise_floor=kind)
    if kind != "threads2":
        stem, ext = os.path.splitext(path)
        path = f"{stem}.{kind}{ext}"
    tensors = {k: v.float() for k, v in tensors.items()}
    return original_save(path, tensors, metadata)


R.hash_init, R.step, R.save_safetensors = hash_init, step, save_safetensors
if kind == "threads2":
    original_set = torch.set_num_threads
    torch.set_num_threads = lambda n: original_set(2)
sys.argv = [reference_path, out_dir] + sys.argv[4:]
R.main()
