#!/usr/bin/env python3
"""Page-load measurement of the comparison page with 100 runs.

Creates (once) an MLflow experiment `dashboard-load-100` holding 100 finished cell runs (4 data
sets x 5 configurations x 5 seeds) whose metrics are generated, not trained: this measures the
page, not the method. Then times headless Chromium loading the page until every fetch has
finished and the charts are drawn (`--virtual-time-budget` ends once the page is idle), against
an empty experiment as the baseline. Usage: dashboard_load.py MLFLOW_URL DASHBOARD_URL
"""
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request

mlflow, dashboard = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")


def call(path, body):
    req = urllib.request.Request(mlflow + "/api/2.0/mlflow/" + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))


def experiment(name):
    found = call("experiments/search", {"max_results": 1000, "filter": "name = '%s'" % name}).get("experiments", [])
    return found[0]["experiment_id"] if found else call("experiments/create", {"name": name})["experiment_id"]


exp = experiment("dashboard-load-100")
empty = experiment("dashboard-load-empty")
existing = call("runs/search", {"experiment_ids": [exp], "max_results": 1000}).get("runs", [])
if len(existing) < 100:
    rnd = random.Random(0)
    for d in ["d1", "d2", "d3", "d4"]:
        for method, hgm in [("mla", "off"), ("mla", "paper"), ("joint", "off"), ("unimodal", "off"), ("unimodal", "off")]:
            for seed in range(5):
                run = call("runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000),
                                           "tags": [{"key": "mla.role", "value": "cell"}]})["run"]["info"]["run_id"]
                base = rnd.uniform(0.7, 0.9)
                metrics = [{"key": k, "value": base + rnd.uniform(-0.02, 0.02), "timestamp": 0, "step": 0}
                           for k in ["test_acc_fixed", "test_acc_df", "test_f1_fixed", "test_f1_df", "test_acc_a", "test_acc_b",
                                     "missing_a_0.25_df", "missing_a_0.50_df", "missing_b_0.25_df", "missing_b_0.50_df"]]
                metrics += [{"key": "val_acc_a", "value": base * e / 20, "timestamp": 0, "step": e} for e in range(1, 21)]
                params = [{"key": "cell_" + k, "value": v} for k, v in
                          [("dataset", d), ("method", method), ("hgm", hgm), ("modality", "a" if method == "unimodal" else ""),
                           ("seed", str(seed))]]
                call("runs/log-batch", {"run_id": run, "metrics": metrics, "params": params})
                call("runs/update", {"run_id": run, "status": "FINISHED"})


def load(name):
    with tempfile.TemporaryDirectory() as profile:
        t = time.perf_counter()
        out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              "--user-data-dir=" + profile, "--virtual-time-budget=30000", "--dump-dom",
                              dashboard + "/?experiment=" + name], capture_output=True, text=True)
        seconds = time.perf_counter() - t
    assert 'data-loaded="true"' in out.stdout, "page did not finish loading"
    return seconds, out.stdout.count("<tr data-key")


for name in ["dashboard-load-empty", "dashboard-load-100"]:
    times = []
    for _ in range(5):
        seconds, rows = load(name)
        times.append(seconds)
    times.sort()
    print("%-22s rows %3d  median load %.2f s  (min %.2f, max %.2f, 5 runs)" % (name, rows, times[2], times[0], times[4]))
