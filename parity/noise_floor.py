"""PyTorch's own rounding spread on parity fixtures: reference.py re-run so that only rounding
changes, summarised per stored tensor, for dcgan's parity check to tell rounding from real
differences.

    /usr/bin/python3 parity/noise_floor.py REFERENCE_PY FIXTURE_DIR [--perturbed N] -- [reference.py arguments...]

The reference.py arguments must be the ones that made the fixtures in FIXTURE_DIR. The runs are
  threads2      the same run at 2 threads instead of 1 (other summation orders);
  float64       the same run in double precision (how far float32 is from the exact answer);
  perturbed-K   K = 1..N (default 16): every starting value moved by 2^-20 of itself with a random
                sign per element drawn from seed K (eight float32 rounding steps, about what a float32
                sum of a few hundred products accumulates), so that, as between any two float32
                implementations, elements at an activation's kink and Adam updates of noise-level
                gradients go either way. One such run is a single draw of a heavy-tailed spread (a
                kink flips or it does not), so there are many.
For each fixture FIXTURE_DIR/<model>.safetensors it writes FIXTURE_DIR/noise-floor/<model>.json:
the fixture's metadata and SHA-256, the runs, and for every stored tensor over all runs
  max_abs        the largest |run - fixture| of any element,
  squares_rel    the largest relative difference of the sum of squares (from <name>@stats),
  most_outside   the most elements of one run beyond FORMAT.md's parameter tolerance 1e-5 + 1e-3 |r|,
  worst_run      the run that gave max_abs.
"""
import hashlib
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile

KINDS = ("threads2", "float64", "perturbed")


def run_one(reference_path, out_dir, kind, perturbation_seed, reference_args):
    """One re-run of reference.py, patched so that only rounding changes; writes OUT_DIR/<model>.safetensors."""
    import torch

    spec = importlib.util.spec_from_file_location("reference", reference_path)
    R = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(R)
    R = getattr(R, "REFERENCE", R)  # a script that extends reference.py's zoo names the module it extended
    original_hash_init, original_step = R.hash_init, R.step

    def hash_init(prefix, model, seed):
        original_hash_init(prefix, model, seed)
        if kind == "float64":
            model.double()
        elif kind == "perturbed":
            # A generator of its own, so the fixture's inputs (drawn from torch's global one) stay the same.
            g = torch.Generator().manual_seed(1000 * perturbation_seed + (prefix == "D"))
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

    R.hash_init, R.step = hash_init, step
    if kind == "threads2":
        original_set = torch.set_num_threads
        torch.set_num_threads = lambda n: original_set(2)
    sys.argv = [reference_path, out_dir] + reference_args
    R.main()


def read_safetensors(path):
    import numpy as np

    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, h in header.items():
        begin, end = h["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], np.float32).astype(np.float64)
    return metadata, tensors


def summarise(fixture_path, run_paths):
    import numpy as np

    metadata, reference = read_safetensors(fixture_path)
    runs = {label: read_safetensors(path)[1] for label, path in run_paths.items()}
    summary = {}
    for name, r in reference.items():
        if name.endswith("@stats") or name.startswith("init/") or name.split("/")[-1] in ("real", "z_d", "z_g"):
            continue
        entry = {"max_abs": 0.0, "squares_rel": 0.0, "most_outside": 0, "worst_run": None}
        stats = reference.get(name + "@stats")
        for label, run in runs.items():
            if name not in run or run[name].shape != r.shape:
                continue
            difference = np.abs(run[name] - r)
            if difference.max() > entry["max_abs"] or entry["worst_run"] is None:
                entry["max_abs"], entry["worst_run"] = float(difference.max()), label
            entry["most_outside"] = max(entry["most_outside"], int((difference > 1e-5 + 1e-3 * np.abs(r)).sum()))
            if stats is not None and name + "@stats" in run:
                squares = stats[3]
                entry["squares_rel"] = max(entry["squares_rel"], float(abs(run[name + "@stats"][3] - squares) / max(abs(squares), 1e-30)))
        summary[name] = entry
    with open(fixture_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {"format": "dcgan-noise-floor/1", "fixture_sha256": sha, "metadata": metadata,
            "runs": list(run_paths), "tensors": summary}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        # Internal: one run in a process of its own (each patches reference.py and torch differently).
        _, _, kind, seed, reference_path, out_dir, *reference_args = sys.argv
        return run_one(reference_path, out_dir, kind, int(seed), reference_args)

    args = sys.argv[1:]
    reference_args = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    perturbed = 16
    if "--perturbed" in args:
        i = args.index("--perturbed")
        perturbed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    reference_path, fixture_dir = args
    plan = [("threads2", "threads2", 0), ("float64", "float64", 0)]
    plan += [(f"perturbed-{k}", "perturbed", k) for k in range(1, perturbed + 1)]
    with tempfile.TemporaryDirectory() as scratch:
        for label, kind, seed in plan:
            print(f"run {label}", flush=True)
            subprocess.run([sys.executable, os.path.abspath(__file__), "--run", kind, str(seed), reference_path,
                            os.path.join(scratch, label), *reference_args], check=True, stdout=subprocess.DEVNULL)
        out_dir = os.path.join(fixture_dir, "noise-floor")
        os.makedirs(out_dir, exist_ok=True)
        for fixture in sorted(os.listdir(fixture_dir)):
            if not fixture.endswith(".safetensors"):
                continue
            runs = {label: os.path.join(scratch, label, fixture) for label, _, _ in plan}
            runs = {label: path for label, path in runs.items() if os.path.exists(path)}
            if not runs:
                continue
            summary = summarise(os.path.join(fixture_dir, fixture), runs)
            target = os.path.join(out_dir, fixture[:-len(".safetensors")] + ".json")
            with open(target + ".tmp", "w") as f:
                json.dump(summary, f, indent=1, sort_keys=True)
            os.replace(target + ".tmp", target)
            print(f"wrote {target} ({len(runs)} runs)")


if __name__ == "__main__":
    main()
