#!/usr/bin/env python3
"""The same alternating MLA step as `mla bench trainer`, written in PyTorch, for a side-by-side rate.

Two modality encoders, one shared linear head, Adam (lr 1e-3, weight decay 1e-4), cross-entropy;
per batch each modality takes its own step on its encoder and the head only; with --hgm the head
weight's gradient is multiplied by P after the recursive-least-squares update of P from the
batch-mean feature. Encoders (no dropout), as the Java encoder registry builds them:
  mlp     Linear-ReLU per hidden width, then Linear(d)-ReLU (inputs flattened)
  lenet   per channel count: Conv k x k ('same' padding, bias)-ReLU-MaxPool 2, then the MLP part
  resnet  stem (imagenet: Conv 7x7/2-BN-ReLU-MaxPool 3/2; small: Conv 3x3-BN-ReLU), stages of
          basic blocks (width * 2^i, first block of later stages stride 2 with a 1x1 conv + BN
          shortcut), global average pooling, then the MLP part
--shapes gives each modality's sample shape (64 or 1x28x28 or 32x40; a [T, F] is one channel).
Prints one JSON line.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def mlp(inp, hidden, feature):
    layers = []
    for w in hidden + [feature]:
        layers += [torch.nn.Linear(inp, w), torch.nn.ReLU()]
        inp = w
    return layers


class BasicBlock(torch.nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = torch.nn.Sequential(torch.nn.Conv2d(cin, cout, 1, stride, 0, bias=False),
                                            torch.nn.BatchNorm2d(cout))

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.relu(h + (x if self.down is None else self.down(x)))


def encoder(a, shape, hidden):
    if a.encoder == "mlp":
        size = 1
        for v in shape:
            size *= v
        return torch.nn.Sequential(torch.nn.Flatten(), *mlp(size, hidden, a.feature))
    c, h, w = shape if len(shape) == 3 else [1] + shape
    layers = [torch.nn.Unflatten(1, (1, h))] if len(shape) == 2 else []  # [T, F] -> [1, T, F]
    if a.encoder == "lenet":
        k = a.lenet_kernel
        for out in [int(x) for x in a.lenet_channels.split(",")]:
            layers += [torch.nn.Conv2d(c, out, k, 1, k // 2), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
            c, h, w = out, h // 2, w // 2
        return torch.nn.Sequential(*layers, torch.nn.Flatten(), *mlp(c * h * w, hidden, a.feature))
    wd = a.resnet_width
    if a.resnet_stem == "imagenet":
        layers += [torch.nn.Conv2d(c, wd, 7, 2, 3, bias=False), torch.nn.BatchNorm2d(wd), torch.nn.ReLU(),
                   torch.nn.MaxPool2d(3, 2, 1)]
    else:
        layers += [torch.nn.Conv2d(c, wd, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(wd), torch.nn.ReLU()]
    cin = wd
    for i, blocks in enumerate(int(x) for x in a.resnet_blocks.split(",")):
        cout = wd << i
        for b in range(blocks):
            layers.append(BasicBlock(cin, cout, 2 if b == 0 and i > 0 else 1))
            cin = cout
    return torch.nn.Sequential(*layers, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                               *mlp(cin, hidden, a.feature))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", default="64,32")
    ap.add_argument("--shapes", default="", help="per modality, e.g. 1x28x28,32x40 (overrides --inputs)")
    ap.add_argument("--encoder", default="mlp", choices=["mlp", "lenet", "resnet"])
    ap.add_argument("--lenet-channels", default="6,16")
    ap.add_argument("--lenet-kernel", type=int, default=5)
    ap.add_argument("--resnet-blocks", default="2,2,2,2")
    ap.add_argument("--resnet-width", type=int, default=64)
    ap.add_argument("--resnet-stem", default="imagenet", choices=["imagenet", "small"])
    ap.add_argument("--hidden", default="128", help="comma-separated widths, may be empty")
    ap.add_argument("--feature", type=int, default=64)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--hgm", action="store_true")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    shapes = ([[int(v) for v in x.split("x")] for x in a.shapes.split(",")] if a.shapes
              else [[int(x)] for x in a.inputs.split(",")])
    hidden = [int(x) for x in a.hidden.split(",") if x.strip()]
    encoders = [encoder(a, shape, hidden) for shape in shapes]
    head = torch.nn.Linear(a.feature, a.classes)
    # one optimiser per parameter group so idle encoders are not stepped (as in the Java trainer)
    enc_opts = [torch.optim.Adam(e.parameters(), lr=1e-3, weight_decay=1e-4) for e in encoders]
    head_opt = torch.optim.Adam(head.parameters(), lr=1e-3, weight_decay=1e-4)
    P = torch.eye(a.feature)
    n = 2048
    xs = [torch.randn(n, *shape) for shape in shapes]
    y = torch.randint(0, a.classes, (n,))
    batches = n // a.batch

    def step(k):
        nonlocal P
        rows = slice((k % batches) * a.batch, (k % batches + 1) * a.batch)
        for m, enc in enumerate(encoders):
            f = enc(xs[m][rows])
            z = head(f)
            loss = F.cross_entropy(z, y[rows])
            enc_opts[m].zero_grad(set_to_none=False)
            head_opt.zero_grad(set_to_none=False)
            loss.backward()
            loss_value = loss.item()
            correct = (z.argmax(1) == y[rows]).sum().item()
            if a.hgm:
                with torch.no_grad():
                    h = f.detach().mean(0, keepdim=True)
                    kt = h @ P
                    P = P - kt.t() @ kt / (1.0 + (h @ kt.t()))
                    head.weight.grad = head.weight.grad @ P
            enc_opts[m].step()
            head_opt.step()
        return loss_value, correct

    for k in range(a.warmup):
        step(k)
    rates = []
    for _ in range(a.repeats):
        t = time.perf_counter()
        for k in range(a.steps):
            step(k)
        rates.append(a.steps / (time.perf_counter() - t))
    print(json.dumps({"torch": torch.__version__, "median_steps_per_s": statistics.median(rates), "rates": rates}))


if __name__ == "__main__":
    main()
