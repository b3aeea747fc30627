// Experiment comparison for mla-ops sweeps, read from the MLflow REST API through the dashboard's
// proxy (/mlflow/...). Rows follow the sweep's own aggregation: per data set, MLA per HGM variant
// with and without DF, joint with and without DF, each modality alone; mean and sample std over seeds.
"use strict";

// A report file carries its data in window.MLA_DATA and answers the same calls from it.
const embedded = window.MLA_DATA;

function fromEmbedded(path, body) {
  if (path.startsWith("experiments/search")) { return {experiments: [embedded.experiment]}; }
  if (path.startsWith("runs/search")) {
    const role = /mla.role` = '([a-z]+)'/.exec(body.filter || "");
    return {runs: embedded.runs.filter(r => !role || (r.data.tags || []).some(t => t.key === "mla.role" && t.value === role[1]))};
  }
  if (path.startsWith("metrics/get-history")) {
    const q = new URLSearchParams(path.split("?")[1]);
    return {metrics: embedded.histories[q.get("run_id") + "|" + q.get("metric_key")] || []};
  }
  throw new Error("not in the report: " + path);
}

const api = (path, body) => embedded ? Promise.resolve(fromEmbedded(path, body)) : fetch("mlflow/api/2.0/mlflow/" + path, body === undefined ? {} : {
  method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)
}).then(r => { if (!r.ok) { throw new Error(path + ": HTTP " + r.status); } return r.json(); });

const params = new URLSearchParams(location.search);
const charts = {};
let config = {mlflowUi: ""};
let cells = [];
let tests = [];

function kv(list) {
  const out = {};
  (list || []).forEach(x => { out[x.key] = x.value; });
  return out;
}

function stat(values) {
  const v = values.filter(x => Number.isFinite(x));
  if (v.length === 0) { return {mean: NaN, std: NaN, n: 0}; }
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const ss = v.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return {mean, std: v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, n: v.length};
}

const pct = s => Number.isFinite(s.mean) ? (100 * s.mean).toFixed(2) + " ± " + (100 * s.std).toFixed(2) : "-";

async function loadExperiments() {
  const res = await api("experiments/search", {max_results: 1000});
  const select = document.getElementById("experiment");
  const experiments = (res.experiments || []).filter(e => e.name !== "Default");
  experiments.forEach(e => select.add(new Option(e.name, e.experiment_id)));
  const wanted = params.get("experiment");
  const chosen = experiments.find(e => e.name === wanted) || experiments[experiments.length - 1];
  if (chosen) { select.value = chosen.experiment_id; }
  select.onchange = () => load(select.value);
  return chosen ? chosen.experiment_id : null;
}

async function searchAll(experimentId, filter) {
  let runs = [];
  let token;
  do {
    const body = {experiment_ids: [experimentId], filter, max_results: 1000};
    if (token) { body.page_token = token; }
    const res = await api("runs/search", body);
    runs = runs.concat(res.runs || []);
    token = res.next_page_token;
  } while (token);
  return runs;
}

async function load(experimentId) {
  document.getElementById("status").textContent = "loading…";
  const runs = await searchAll(experimentId, "tags.`mla.role` = 'cell' and attributes.status = 'FINISHED'");
  cells = runs.map(r => {
    const p = kv(r.data.params);
    return {run: r.info.run_id, experiment: r.info.experiment_id, dataset: p.cell_dataset, method: p.cell_method,
            hgm: p.cell_hgm, modality: p.cell_modality || "", seed: Number(p.cell_seed), metrics: kv(r.data.metrics)};
  }).filter(c => c.dataset);
  const parents = await searchAll(experimentId, "tags.`mla.role` = 'sweep'");
  tests = [];
  for (const parent of parents) {
    try {
      const base = parent.info.artifact_uri.replace("mlflow-artifacts:/", "");
      const table = embedded ? embedded.table
        : await fetch("mlflow/api/2.0/mlflow-artifacts/artifacts/" + base + "/ablation.json").then(r => r.ok ? r.json() : null);
      if (table && table.tests) { tests = tests.concat(table.tests); }
    } catch (e) { /* a sweep still running has no table yet */ }
  }
  fillFilters();
  await render();
  document.getElementById("status").textContent = cells.length + " runs";
  document.body.dataset.loaded = "true";
}

function fillFilters() {
  for (const [id, field] of [["dataset", "dataset"], ["method", "method"]]) {
    const select = document.getElementById(id);
    const keep = select.value || params.get(id) || "";
    select.length = 1;
    [...new Set(cells.map(c => c[field]))].sort().forEach(v => select.add(new Option(v, v)));
    select.value = keep;
    select.onchange = render;
  }
}

function rows() {
  const dsFilter = document.getElementById("dataset").value;
  const methodFilter = document.getElementById("method").value;
  const out = [];
  const datasets = [...new Set(cells.map(c => c.dataset))].sort();
  for (const d of datasets) {
    if (dsFilter && d !== dsFilter) { continue; }
    const of = pred => cells.filter(c => c.dataset === d && pred(c));
    for (const h of ["off", "paper", "code"]) {
      const runs = of(c => c.method === "mla" && c.hgm === h);
      if (runs.length) {
        out.push({dataset: d, label: "MLA, HGM " + h + ", DF off", method: "mla", hgm: h, df: false, runs});
        out.push({dataset: d, label: "MLA, HGM " + h + ", DF on", method: "mla", hgm: h, df: true, runs});
      }
    }
    const joint = of(c => c.method === "joint");
    if (joint.length) {
      out.push({dataset: d, label: "joint", method: "joint", hgm: "off", df: false, runs: joint});
      out.push({dataset: d, label: "joint + DF", method: "joint", hgm: "off", df: true, runs: joint});
    }
    [...new Set(of(c => c.method === "unimodal").map(c => c.modality))].sort().forEach(m => {
      out.push({dataset: d, label: "unimodal " + m, method: "unimodal", hgm: "off", df: false,
                runs: of(c => c.method === "unimodal" && c.modality === m)});
    });
  }
  return out.filter(r => !methodFilter || r.method === methodFilter);
}

function modalitiesOf(rs) {
  const m = new Set();
  rs.forEach(r => r.runs.forEach(c => Object.keys(c.metrics).forEach(k => {
    const x = /^test_acc_(.+)$/.exec(k);
    if (x && x[1] !== "fixed" && x[1] !== "df") { m.add(x[1]); }
  })));
  return [...m].sort();
}

function stars(p) { return p < 0.01 ? "**" : p < 0.05 ? "*" : ""; }

async function render() {
  const rs = rows();
  const mods = modalitiesOf(rs);
  const head = document.querySelector("#ablation thead");
  head.innerHTML = "<tr><th class='label'>data set</th><th class='label'>row</th><th>seeds</th><th>fused acc</th><th>macro-F1</th>"
    + mods.map(m => "<th>acc " + m + "</th>").join("") + "<th>modality gap</th><th class='label'>runs</th></tr>";
  const body = document.querySelector("#ablation tbody");
  body.innerHTML = "";
  for (const r of rs) {
    const fused = stat(r.runs.map(c => Number(c.metrics[r.df ? "test_acc_df" : "test_acc_fixed"])));
    const f1 = stat(r.runs.map(c => Number(c.metrics[r.df ? "test_f1_df" : "test_f1_fixed"])));
    const gap = stat(r.runs.map(c => Number(c.metrics.modality_gap)));
    const mark = r.method === "mla" && r.df ? tests.filter(t => t.dataset === r.dataset
      && t.name === "MLA (HGM " + r.hgm + " + DF) vs joint").map(t => stars(t.pValue)).join("") : "";
    const tr = document.createElement("tr");
    tr.dataset.key = r.dataset + "|" + r.label;
    tr.innerHTML = "<td class='label'>" + r.dataset + "</td><td class='label'>" + r.label + "</td><td>" + fused.n + "</td>"
      + "<td data-metric='fused' data-mean='" + fused.mean + "'>" + pct(fused) + mark + "</td>"
      + "<td data-metric='f1' data-mean='" + f1.mean + "'>" + pct(f1) + "</td>"
      + mods.map(m => { const s = stat(r.runs.map(c => Number(c.metrics["test_acc_" + m]))); return "<td data-metric='acc_" + m + "' data-mean='" + s.mean + "'>" + pct(s) + "</td>"; }).join("")
      + "<td>" + (Number.isFinite(gap.mean) ? gap.mean.toFixed(3) + " ± " + gap.std.toFixed(3) : "-") + "</td>"
      + "<td class='label'>" + r.runs.slice().sort((a, b) => a.seed - b.seed).map(c => "<a target='_blank' href='" + config.mlflowUi
        + "/#/experiments/" + c.experiment + "/runs/" + c.run + "'>s" + c.seed + "</a>").join(" ") + "</td>";
    body.appendChild(tr);
  }
  const list = document.getElementById("tests");
  list.innerHTML = tests.map(t => "<li>" + t.dataset + ": " + t.name + " " + (t.meanDifference >= 0 ? "+" : "")
    + (100 * t.meanDifference).toFixed(2) + " points, p = " + (Number.isFinite(t.pValue) ? t.pValue.toFixed(4) : "-")
    + " (" + t.pairs + " pairs) " + stars(t.pValue) + "</li>").join("");
  await renderCharts(rs, mods);
}

function chart(id, cfg) {
  if (charts[id]) { charts[id].destroy(); }
  cfg.options = Object.assign({animation: false, responsive: true}, cfg.options || {});
  charts[id] = new Chart(document.getElementById(id), cfg);
}

async function renderCharts(rs, mods) {
  const trained = rs.filter(r => !r.df && r.method !== "unimodal");
  chart("modalities", {type: "bar", data: {labels: mods, datasets: rs.filter(r => r.method === "unimodal" || !r.df).map(r => ({
    label: r.dataset + " " + r.label,
    data: mods.map(m => 100 * stat(r.runs.map(c => Number(c.metrics["test_acc_" + m]))).mean)}))},
    options: {scales: {y: {title: {display: true, text: "accuracy %"}}}}});
  chart("fusion", {type: "bar", data: {labels: trained.map(r => r.dataset + " " + r.label), datasets: [
    {label: "fixed fusion", data: trained.map(r => 100 * stat(r.runs.map(c => Number(c.metrics.test_acc_fixed))).mean)},
    {label: "DF", data: trained.map(r => 100 * stat(r.runs.map(c => Number(c.metrics.test_acc_df))).mean)}]}});
  const series = [];
  let fractions = new Set();
  for (const r of trained) {
    for (const m of mods) {
      const pts = {};
      r.runs.forEach(c => Object.entries(c.metrics).forEach(([k, v]) => {
        const x = new RegExp("^missing_" + m + "_([0-9.]+)_df$").exec(k);
        if (x) { (pts[x[1]] = pts[x[1]] || []).push(Number(v)); fractions.add(x[1]); }
      }));
      if (Object.keys(pts).length) { series.push({label: r.dataset + " " + r.label + " without " + m, pts}); }
    }
  }
  fractions = [...fractions].sort();
  chart("missing", {type: "line", data: {labels: fractions.map(f => (100 * f).toFixed(0) + " % missing"),
    datasets: series.map(s => ({label: s.label, data: fractions.map(f => 100 * stat(s.pts[f] || []).mean)}))}});
  const curves = [];
  for (const r of trained.filter(x => x.method === "joint" || x.hgm !== "off")) {
    const c = r.runs.find(x => x.seed === 0) || r.runs[0];
    for (const m of mods) {
      try {
        const h = await api("metrics/get-history?run_id=" + c.run + "&metric_key=val_acc_" + m + "&max_results=1000");
        if (h.metrics && h.metrics.length) {
          curves.push({label: r.dataset + " " + r.label + " " + m, data: h.metrics.sort((a, b) => a.step - b.step).map(p => ({x: p.step, y: 100 * p.value}))});
        }
      } catch (e) { /* a metric this run does not have */ }
    }
  }
  chart("curves", {type: "line", data: {datasets: curves}, options: {parsing: true, scales: {x: {type: "linear", title: {display: true, text: "epoch"}}}}});
}

(async () => {
  try {
    config = embedded ? {mlflowUi: embedded.mlflowUi} : await fetch("config.json").then(r => r.json());
    const id = await loadExperiments();
    if (id) { await load(id); } else { document.getElementById("status").textContent = "no experiments yet"; }
  } catch (e) {
    document.getElementById("status").textContent = "error: " + e.message;
  }
})();
