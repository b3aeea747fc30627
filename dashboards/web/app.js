// Experiment comparison for mla-ops sweeps, read from the MLflow REST API through the dashboard's
// proxy (/mlflow/...). The table is the sweep's own ablation.json: its rows, labels and paired tests
// are those the recipes declare and the sweep computed, never re-derived here. A sweep is a view of
// cells: ablation.json lists them (table.cells: content id, key, where its run is, trained now or
// reused), and a reused cell's run lives where it was first trained, so the charts read the runs by
// their ids. Tables from before the cell store name their cells' runs by key (tag mla.cell_key).
"use strict";

// A report file carries its data in window.MLA_DATA and answers the same calls from it.
const embedded = window.MLA_DATA;

function fromEmbedded(path, body) {
  if (path.startsWith("experiments/search")) { return {experiments: [embedded.experiment]}; }
  if (path.startsWith("runs/search")) {
    const role = /mla.role` = '([a-z]+)'/.exec(body.filter || "");
    const ids = /run_id IN \(([^)]*)\)/.exec(body.filter || "");
    const wanted = ids ? ids[1].split(",").map(s => s.trim().replace(/'/g, "")) : null;
    return {runs: embedded.runs.filter(r => (!role || (r.data.tags || []).some(t => t.key === "mla.role" && t.value === role[1]))
      && (!wanted || wanted.includes(r.info.run_id)))};
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
let table = {rows: [], tests: []};
let runsByKey = {};
let experimentId = null;

function kv(list) {
  const out = {};
  (list || []).forEach(x => { out[x.key] = x.value; });
  return out;
}

// ablation.json writes NaN as the string "NaN"
const num = x => Number(x);
const pct = s => s && Number.isFinite(num(s.mean)) ? (100 * num(s.mean)).toFixed(2) + " ± " + (100 * num(s.std)).toFixed(2) : "-";

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

async function searchAll(expId, filter) {
  let runs = [];
  let token;
  do {
    const body = {experiment_ids: [expId], filter, max_results: 1000};
    if (token) { body.page_token = token; }
    const res = await api("runs/search", body);
    runs = runs.concat(res.runs || []);
    token = res.next_page_token;
  } while (token);
  return runs;
}

async function tableOf(parent) {
  if (embedded) { return embedded.table; }
  const base = parent.info.artifact_uri.replace("mlflow-artifacts:/", "");
  const r = await fetch("mlflow/api/2.0/mlflow-artifacts/artifacts/" + base + "/ablation.json");
  return r.ok ? r.json() : null;
}

async function load(expId) {
  experimentId = expId;
  document.getElementById("status").textContent = "loading…";
  const parents = (await searchAll(expId, "tags.`mla.role` = 'sweep'"))
    .sort((a, b) => Number(b.info.start_time || 0) - Number(a.info.start_time || 0));
  const select = document.getElementById("sweep");
  select.length = 0;
  parents.forEach(p => select.add(new Option(kv(p.data.tags)["mla.sweep_id"] || p.info.run_id, p.info.run_id)));
  const wanted = parents.find(p => kv(p.data.tags)["mla.sweep_id"] === params.get("sweep")) || parents[0];
  if (wanted) { select.value = wanted.info.run_id; }
  select.onchange = () => showSweep(parents.find(p => p.info.run_id === select.value));
  await showSweep(wanted);
  document.body.dataset.loaded = "true";
}

async function showSweep(parent) {
  table = {rows: [], tests: []};
  runsByKey = {};
  if (parent) {
    try {
      table = (await tableOf(parent)) || table;
    } catch (e) { /* a sweep still running has no table yet */ }
    if ((table.cells || []).length) {
      await loadCellRuns(table.cells);
    } else {
      const sweepId = kv(parent.data.tags)["mla.sweep_id"];
      const cells = await searchAll(experimentId, "tags.`mla.role` = 'cell' and attributes.status = 'FINISHED'");
      cells.forEach(r => {
        const tags = kv(r.data.tags);
        if (!sweepId || tags["mla.sweep_id"] === sweepId) {
          runsByKey[tags["mla.cell_key"]] = {run: r.info.run_id, experiment: r.info.experiment_id, metrics: kv(r.data.metrics)};
        }
      });
    }
  }
  fillFilters();
  await render();
  document.getElementById("status").textContent = table.rows.length ? table.rows.length + " rows, "
    + Object.keys(runsByKey).length + " runs" : "no table yet (the sweep has not finished)";
}

// the view's cells: their runs by id, in whichever experiments they live (100 ids per search)
async function loadCellRuns(cells) {
  const byExperiment = {};
  cells.filter(c => c.runId).forEach(c => { (byExperiment[c.experimentId] = byExperiment[c.experimentId] || []).push(c); });
  for (const [exp, list] of Object.entries(byExperiment)) {
    for (let i = 0; i < list.length; i += 100) {
      const chunk = list.slice(i, i + 100);
      const runs = await searchAll(exp, "attributes.run_id IN (" + chunk.map(c => "'" + c.runId + "'").join(", ") + ")");
      const byRun = {};
      runs.forEach(r => { byRun[r.info.run_id] = r; });
      chunk.forEach(c => {
        const r = byRun[c.runId];
        if (r) {
          runsByKey[c.key] = {run: c.runId, experiment: exp, metrics: kv(r.data.metrics), origin: c.origin, from: c.trainedFor};
        }
      });
    }
  }
}

function fillFilters() {
  for (const [id, field] of [["dataset", "dataset"], ["method", "recipe"]]) {
    const select = document.getElementById(id);
    const keep = select.value || params.get(id) || "";
    select.length = 1;
    [...new Set(table.rows.map(r => r[field]))].sort().forEach(v => select.add(new Option(v, v)));
    select.value = keep;
    select.onchange = render;
  }
}

function rows() {
  const ds = document.getElementById("dataset").value;
  const method = document.getElementById("method").value;
  return table.rows.filter(r => (!ds || r.dataset === ds) && (!method || r.recipe === method));
}

function modalitiesOf(rs) {
  return [...new Set(rs.flatMap(r => Object.keys(r.modalityAccuracy || {})))].sort();
}

function extrasOf(rs) {
  return [...new Set(rs.flatMap(r => Object.keys(r.extra || {})))].sort();
}

const epochOf = s => s && Number.isFinite(num(s.mean)) ? num(s.mean).toFixed(1) + " ± " + num(s.std).toFixed(1) : "-";

function stars(p) { p = num(p); return p < 0.01 ? "**" : p < 0.05 ? "*" : ""; }

function signed(t) {
  return (num(t.meanDifference) >= 0 ? "+" : "") + (100 * num(t.meanDifference)).toFixed(2) + " points, p = "
    + (Number.isFinite(num(t.pValue)) ? num(t.pValue).toFixed(4) : "-");
}

function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#39;"); }

async function render() {
  const rs = rows();
  const mods = modalitiesOf(rs);
  const extras = extrasOf(rs);
  const head = document.querySelector("#ablation thead");
  document.getElementById("shows").textContent = table.shows ? "Shows " + table.shows + "." : "";
  head.innerHTML = "<tr><th class='label'>data set</th><th class='label'>row</th><th>seeds</th><th>fused acc</th>"
    + "<th title='the same fusion at the last epoch'>last epoch</th><th title='mean ± std over seeds, 1-based'>sel. epoch</th><th>macro-F1</th>"
    + mods.map(m => "<th>acc " + esc(m) + "</th>").join("") + "<th>modality gap</th>"
    + extras.map(x => "<th>" + esc(x) + "</th>").join("") + "<th class='label'>runs</th></tr>";
  const body = document.querySelector("#ablation tbody");
  body.innerHTML = "";
  for (const r of rs) {
    const marks = table.tests.filter(t => t.dataset === r.dataset && t.a === r.label && stars(t.pValue))
      .map(t => "<sup title='" + esc(t.name + ": " + signed(t)) + "'>" + stars(t.pValue) + "</sup>").join("");
    const gap = r.modalityGap || {};
    const tr = document.createElement("tr");
    tr.dataset.key = r.dataset + "|" + r.label;
    if (r.headline) { tr.className = "headline"; }
    tr.innerHTML = "<td class='label'>" + esc(r.dataset) + "</td><td class='label'>" + esc(r.label) + "</td><td>" + r.seeds + "</td>"
      + "<td data-metric='fused' data-mean='" + num(r.fused.mean) + "'>" + pct(r.fused) + marks + "</td>"
      + "<td data-metric='fused_last' data-mean='" + (r.fusedLastEpoch ? num(r.fusedLastEpoch.mean) : NaN) + "'>" + pct(r.fusedLastEpoch) + "</td>"
      + "<td>" + epochOf(r.selectedEpoch) + "</td>"
      + "<td data-metric='f1' data-mean='" + num(r.macroF1.mean) + "'>" + pct(r.macroF1) + "</td>"
      + mods.map(m => { const s = (r.modalityAccuracy || {})[m]; return "<td data-metric='acc_" + esc(m) + "' data-mean='" + (s ? num(s.mean) : NaN) + "'>" + pct(s) + "</td>"; }).join("")
      + "<td>" + (Number.isFinite(num(gap.mean)) ? num(gap.mean).toFixed(3) + " ± " + num(gap.std).toFixed(3) : "-") + "</td>"
      + extras.map(x => "<td>" + pct((r.extra || {})[x]) + "</td>").join("")
      + "<td class='label'>" + (r.cells || []).map((k, i) => runsByKey[k] ? "<a target='_blank' href='" + config.mlflowUi
        + "/#/experiments/" + runsByKey[k].experiment + "/runs/" + runsByKey[k].run + "'"
        + (runsByKey[k].origin && runsByKey[k].origin !== "trained" ? " class='reused' title='" + esc(runsByKey[k].origin + " from " + runsByKey[k].from) + "'" : "")
        + ">s" + k.slice(k.lastIndexOf(".s") + 2) + "</a>" : "").join(" ") + "</td>";
    body.appendChild(tr);
  }
  const list = document.getElementById("tests");
  const ds = document.getElementById("dataset").value;
  list.innerHTML = table.tests.filter(t => !ds || t.dataset === ds).map(t => "<li>" + esc(t.dataset) + ": " + esc(t.name) + " "
    + signed(t) + " (" + t.pairs + " pairs) " + stars(t.pValue) + "</li>").join("");
  await renderCharts(rs, mods);
}

function chart(id, cfg) {
  if (charts[id]) { charts[id].destroy(); }
  cfg.options = Object.assign({animation: false, responsive: true}, cfg.options || {});
  charts[id] = new Chart(document.getElementById(id), cfg);
}

function meanOf(values) {
  const v = values.filter(x => Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
}

async function renderCharts(rs, mods) {
  const fixed = rs.filter(r => !r.dynamicFusion);
  chart("modalities", {type: "bar", data: {labels: mods, datasets: fixed.map(r => ({
    label: r.dataset + " " + r.label,
    data: mods.map(m => 100 * num(((r.modalityAccuracy || {})[m] || {}).mean))}))},
    options: {scales: {y: {title: {display: true, text: "accuracy %"}}}}});
  // a configuration with both a fixed and a DF row: the two side by side
  const pairs = fixed.map(f => ({f, d: rs.find(x => x.dynamicFusion && x.dataset === f.dataset && x.recipe === f.recipe
    && x.variant === f.variant && x.modality === f.modality)})).filter(p => p.d);
  chart("fusion", {type: "bar", data: {labels: pairs.map(p => p.f.dataset + " " + p.f.label), datasets: [
    {label: "fixed fusion", data: pairs.map(p => 100 * num(p.f.fused.mean))},
    {label: "DF", data: pairs.map(p => 100 * num(p.d.fused.mean))}]}});
  const headline = rs.filter(r => r.headline);
  const series = [];
  let fractions = new Set();
  for (const r of headline) {
    const suffix = r.dynamicFusion ? "_df" : "_fixed";
    for (const m of mods) {
      const pts = {};
      (r.cells || []).map(k => runsByKey[k]).filter(x => x).forEach(c => Object.entries(c.metrics).forEach(([k, v]) => {
        const x = new RegExp("^missing_" + m + "_([0-9.]+)" + suffix + "$").exec(k);
        if (x) { (pts[x[1]] = pts[x[1]] || []).push(Number(v)); fractions.add(x[1]); }
      }));
      if (Object.keys(pts).length) { series.push({label: r.dataset + " " + r.label + " without " + m, pts}); }
    }
  }
  fractions = [...fractions].sort();
  chart("missing", {type: "line", data: {labels: fractions.map(f => (100 * f).toFixed(0) + " % missing"),
    datasets: series.map(s => ({label: s.label, data: fractions.map(f => 100 * meanOf(s.pts[f] || []))}))}});
  const curves = [];
  for (const r of headline) {
    const c = (r.cells || []).map(k => runsByKey[k]).find(x => x);
    if (!c) { continue; }
    for (const m of Object.keys(r.modalityAccuracy || {}).sort()) {
      try {
        const h = await api("metrics/get-history?run_id=" + c.run + "&metric_key=val_acc_" + m + "&max_results=1000");
        if (h.metrics && h.metrics.length) {
          curves.push({label: r.dataset + " " + r.label + " " + m, data: h.metrics.sort((a, b) => a.step - b.step).map(p => ({x: p.step, y: 100 * p.value}))});
        }
      } catch (e) { /* a metric this run does not have */ }
    }
  }
  chart("curves", {type: "line", data: {datasets: curves}, options: {parsing: true, scales: {x: {type: "linear", title: {display: true, text: "epoch"}}}}});
  // each method's own numbers per epoch (diag_*: OGM's k and discrepancy ratio, MMPareto's share of conflicting steps
  // and cosine, HGM's share of the head gradient removed)
  const diagnostics = [];
  for (const r of headline) {
    const c = (r.cells || []).map(k => runsByKey[k]).find(x => x);
    if (!c) { continue; }
    for (const key of Object.keys(c.metrics).filter(k => k.startsWith("diag_")).sort()) {
      try {
        const h = await api("metrics/get-history?run_id=" + c.run + "&metric_key=" + key + "&max_results=1000");
        if (h.metrics && h.metrics.length) {
          diagnostics.push({label: r.dataset + " " + r.label + " " + key.slice(5), data: h.metrics.sort((a, b) => a.step - b.step).map(p => ({x: p.step, y: p.value}))});
        }
      } catch (e) { /* a metric this run does not have */ }
    }
  }
  chart("diagnostics", {type: "line", data: {datasets: diagnostics}, options: {parsing: true,
    scales: {x: {type: "linear", title: {display: true, text: "epoch"}}, y: {title: {display: true, text: "value (k, ratio, share, cosine)"}}}}});
}

(async () => {
  try {
    config = embedded ? {mlflowUi: embedded.mlflowUi} : await fetch("config.json").then(r => r.json());
    const id = await loadExperiments();
    if (id) { await load(id); } else { document.getElementById("status").textContent = "no experiments yet"; document.body.dataset.loaded = "true"; }
  } catch (e) {
    document.getElementById("status").textContent = "error: " + e.message;
  }
})();
