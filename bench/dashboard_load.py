#!/usr/bin/env python3
"""Page-load measurement of the comparison page with 100 runs.

Creates (once) an MLflow experiment `dashboard-load-100` holding 100 finished cell runs (4 data
sets x 5 configurations x 5 seeds) whose metrics are generated, not trained, and a parent run with
their table as `ablation.json` (what the page renders): this measures the page, not the method. Then times headless Chromium loading the page until every fetch has
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
if len(existing) < 101:
    rnd = random.Random(0)
    sweep = "sweep-dashboard-load"
    parent = call("runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000),
                                  "tags": [{"key": "mla.role", "value": "sweep"}, {"key": "mla.sweep_id", "value": sweep}]})["run"]["info"]
    rows = []
    for d in ["d1", "d2", "d3", "d4"]:
        for recipe, variant, modality in [("mla", "off", ""), ("mla", "paper", ""), ("joint", "", ""), ("unimodal", "", "a"),
                                          ("unimodal", "", "b")]:
            keys, fused = [], []
            for seed in range(5):
                key = ".".join(x for x in [d, recipe, variant, modality, "s%d" % seed] if x)
                run = call("runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000),
                                           "tags": [{"key": "mla.role", "value": "cell"}, {"key": "mla.cell_key", "value": key},
                                                    {"key": "mla.sweep_id", "value": sweep}]})["run"]["info"]["run_id"]
                base = rnd.uniform(0.7, 0.9)
                metrics = [{"key": k, "value": base + rnd.uniform(-0.02, 0.02), "timestamp": 0, "step": 0}
                           for k in ["test_acc_fixed", "test_acc_df", "test_f1_fixed", "test_f1_df", "test_acc_a", "test_acc_b",
                                     "missing_a_0.25_df", "missing_a_0.50_df", "missing_b_0.25_df", "missing_b_0.50_df"]]
                metrics += [{"key": "val_acc_a", "value": base * e / 20, "timestamp": 0, "step": e} for e in range(1, 21)]
                params = [{"key": k, "value": v} for k, v in
                          [("dataset", d), ("recipe", recipe), ("variant", variant), ("modality", modality), ("seed", str(seed))]]
                call("runs/log-batch", {"run_id": run, "metrics": metrics, "params": params})
                call("runs/update", {"run_id": run, "status": "FINISHED"})
                keys.append(key)
                fused.append(base)
            mean = sum(fused) / len(fused)
            std = (sum((x - mean) ** 2 for x in fused) / (len(fused) - 1)) ** 0.5
            stat = {"mean": mean, "std": std}
            label = {"mla": "MLA, HGM %s" % variant, "joint": "joint", "unimodal": "unimodal " + modality}[recipe]
            for df in ([False] if recipe == "unimodal" else [False, True]):
                rows.append({"dataset": d, "label": label + (", DF " + ("on" if df else "off") if recipe == "mla" else
                                                             (" + DF" if df else "")),
                             "recipe": recipe, "variant": variant, "modality": modality, "dynamicFusion": df, "headline": not df,
                             "seeds": 5, "fused": stat, "macroF1": stat, "modalityAccuracy": {"a": stat, "b": stat},
                             "modalityGap": stat, "extra": {}, "cells": keys})
    table = json.dumps({"sweepId": sweep, "rows": rows, "tests": []}).encode()
    path = parent["artifact_uri"].replace("mlflow-artifacts:/", "") + "/ablation.json"
    urllib.request.urlopen(urllib.request.Request(mlflow + "/api/2.0/mlflow-artifacts/artifacts/" + path, data=table, method="PUT"))
    call("runs/update", {"run_id": parent["run_id"], "status": "FINISHED"})


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
