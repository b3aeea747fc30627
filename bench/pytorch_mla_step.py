#!/usr/bin/env python3
"""The same alternating MLA step as `mla bench trainer`, written in PyTorch, for a side-by-side rate.

Two modality encoders (Linear-ReLU-Linear-ReLU, no dropout), one shared linear head, Adam
(lr 1e-3, weight decay 1e-4), cross-entropy; per batch each modality takes its own step on its
encoder and the head only; with --hgm the head weight's gradient is multiplied by P after the
recursive-least-squares update of P from the batch-mean feature. Prints one JSON line.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", default="64,32")
    ap.add_argument("--hidden", type=int, default=128)
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
    dims = [int(x) for x in a.inputs.split(",")]
    encoders = [torch.nn.Sequential(torch.nn.Linear(d, a.hidden), torch.nn.ReLU(),
                                    torch.nn.Linear(a.hidden, a.feature), torch.nn.ReLU()) for d in dims]
    head = torch.nn.Linear(a.feature, a.classes)
    # one optimiser per parameter group so idle encoders are not stepped (as in the Java trainer)
    enc_opts = [torch.optim.Adam(e.parameters(), lr=1e-3, weight_decay=1e-4) for e in encoders]
    head_opt = torch.optim.Adam(head.parameters(), lr=1e-3, weight_decay=1e-4)
    P = torch.eye(a.feature)
    n = 2048
    xs = [torch.randn(n, d) for d in dims]
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
