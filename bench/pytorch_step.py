"""The PyTorch peer of `dcgan-cli bench`: reference.py's training step for one zoo model, timed the
same way (warm-up, then each step on its own, median reported), with the same thread count.

    /usr/bin/python3 bench/pytorch_step.py MODEL --batch B --steps N --warmup W --threads T [--reference PATH]

Prints one JSON object. The step is reference.py's own `step` (the recipe the model's source used),
with both latent batches drawn inside the timed region as dcgan's bench does; the real batch is made
once. Dropout and input noise keep the model's own rates.
"""
import argparse
import importlib.util
import json
import os
import statistics
import time

import torch


def load_reference(path):
    spec = importlib.util.spec_from_file_location("reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--reference", default=os.path.join(here, "..", "parity", "reference.py"))
    a = ap.parse_args()

    R = load_reference(a.reference)
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    spec = R.ZOO[a.model]()
    h = spec["hyper"]
    batch = a.batch or h["batch"]
    G, D = spec["G"], spec["D"]
    R.initialise(G, spec["init"])
    R.initialise(D, spec["init"])
    gopt, dopt = R.adam(G.parameters(), h["g_lr"], h), R.adam(D.parameters(), h["d_lr"], h)
    lo, hi = map(float, spec["data_range"].split(","))
    real = torch.rand(batch, *spec["image"]) * (hi - lo) + lo

    def latent():
        if h["latent_dist"] == "uniform":
            return torch.rand(batch, *spec["latent"]) * 2 - 1
        return torch.randn(batch, *spec["latent"])

    def one_step():
        R.step(spec, G, D, gopt, dopt, real, latent(), latent(), lambda what, _: None)

    for _ in range(a.warmup):
        one_step()
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        one_step()
        times.append((time.perf_counter() - start) * 1000)
    ms = statistics.median(times)
    print(json.dumps({"system": "pytorch", "torch": torch.__version__, "model": a.model, "batch": batch,
                      "threads": torch.get_num_threads(), "steps": a.steps, "ms_per_step": ms,
                      "ms_per_step_mean": statistics.mean(times), "images_per_s": batch * 1000 / ms}))


if __name__ == "__main__":
    main()
