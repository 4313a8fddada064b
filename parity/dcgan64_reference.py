"""PyTorch's definition of dcgan64 and dcgan64_rgb, which reference.py does not carry: the DCGAN
paper's 64x64 architecture exactly as the PyTorch DCGAN tutorial writes it (nz 100, ngf = ndf = 64),
registered in reference.py's zoo so that its fixture writer, recipes and losses are the ones used.

    /usr/bin/python3 parity/dcgan64_reference.py OUT_DIR [reference.py arguments, e.g. --batch 3 --steps 2]

writes OUT_DIR/dcgan64.safetensors and OUT_DIR/dcgan64_rgb.safetensors (FORMAT.md).
"""
import importlib.util
import os
import sys

from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("reference", os.path.join(here, "reference.py"))
R = importlib.util.module_from_spec(spec)
spec.loader.exec_module(R)


def dcgan64(channels=1):
    def up(cin, cout, stride, padding):
        return [nn.ConvTranspose2d(cin, cout, 4, stride, padding, bias=False), R.bn2(cout), nn.ReLU()]

    def down(cin, cout, bn=True):
        layers = [nn.Conv2d(cin, cout, 4, 2, 1, bias=False)]
        return layers + ([R.bn2(cout)] if bn else []) + [nn.LeakyReLU(0.2)]

    G = nn.Sequential(*up(100, 512, 1, 0), *up(512, 256, 2, 1), *up(256, 128, 2, 1), *up(128, 64, 2, 1),
                      nn.ConvTranspose2d(64, channels, 4, 2, 1, bias=False), nn.Tanh())
    D = nn.Sequential(*down(channels, 64, bn=False), *down(64, 128), *down(128, 256), *down(256, 512),
                      nn.Conv2d(512, 1, 4, 1, 0, bias=False), nn.Sigmoid())
    return dict(G=G, D=D, latent=[100, 1, 1], image=[channels, 64, 64], d_out="probs", data_range="-1,1",
                recipe="standard", init="dcgan_normal",
                hyper=dict(g_lr=2e-4, d_lr=2e-4, beta1=0.5, beta2=0.999, eps=1e-8, weight_decay=0.0,
                           label_smoothing=0.0, dropout=0.0, input_noise=0.0, batch=128, epochs=5,
                           latent_dist="normal"))


R.ZOO["dcgan64"] = dcgan64
R.ZOO["dcgan64_rgb"] = lambda: dcgan64(3)
REFERENCE = R  # for parity/noise_floor.py, which patches reference.py's own functions

if __name__ == "__main__":
    if not any(a.startswith("--models") for a in sys.argv):
        sys.argv += ["--models", "dcgan64,dcgan64_rgb"]
    R.main()
