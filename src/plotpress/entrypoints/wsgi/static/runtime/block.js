// One island's life: query, run the block's module, draw; again when an input changes.
// The island's data-state is loading | ready | empty | error (styling and tests use it).
import { loadBlockModule, ProblemError, runQuery } from "./api.js";
import { decode, encode, normalize, renderControls } from "./inputs.js";
import { toNode } from "./render.js";
import { readState, writeState } from "./state.js";
import { dataTable } from "./table.js";

function errorBox(error) {
  const box = document.createElement("div");
  box.className = "pp-status pp-error";
  box.setAttribute("role", "alert");
  const title = document.createElement("strong");
  const detail = document.createElement("p");
  if (error instanceof ProblemError) {
    title.textContent = error.title;
    detail.textContent = error.detail;
  } else {
    title.textContent = error?.name || "Error";
    detail.textContent = error?.message ?? String(error);
  }
  box.append(title, detail);
  return box;
}

function status(className, text) {
  const p = document.createElement("p");
  p.className = `pp-status ${className}`;
  p.textContent = text;
  return p;
}

export class Block {
  constructor(island, { Plot, d3 }) {
    this.island = island;
    this.Plot = Plot;
    this.d3 = d3;
    this.index = Number(island.dataset.block);
    this.defaults = JSON.parse(island.dataset.params || "{}");
    this.height = Number(island.dataset.height) || undefined;
    this.label = island.dataset.label || `Chart ${this.index + 1}`;
    this.chart = island.querySelector(".pp-chart");
    this.panel = island.querySelector(".pp-inputs");
    this.details = island.querySelector("details.pp-data");
    this.csv = island.querySelector("a.pp-csv");
    this.state = readState(this.index); // name → [string]: the URL's view of the inputs
    this.controls = [];
    this.controlsKey = null;
    this.data = null;
    this.generation = 0;
    this.width = 0;
    this.details?.addEventListener("toggle", () => this.fillTable());
  }

  start() {
    new ResizeObserver(() => {
      const width = this.chart.clientWidth;
      if (this.data && this.island.dataset.state === "ready" && Math.abs(width - this.width) > 1) {
        this.draw();
      }
    }).observe(this.chart);
    this.load();
  }

  // Query parameters: the block's defaults, overridden by the URL for those same names.
  queryParams() {
    const params = { ...this.defaults };
    for (const [name, values] of this.state) {
      if (name in this.defaults && values.length === 1) params[name] = values[0];
    }
    return params;
  }

  setState(state, node) {
    this.island.dataset.state = state;
    this.chart.setAttribute("aria-busy", String(state === "loading"));
    if (node) this.chart.replaceChildren(node);
  }

  fail(error) {
    this.setState("error", errorBox(error));
  }

  async load() {
    const generation = ++this.generation;
    const params = this.queryParams();
    this.setState("loading", this.data ? null : status("pp-loading", "Loading…"));
    this.csv.href = `${this.island.dataset.csv}?${new URLSearchParams(params)}`;
    try {
      const data = await runQuery(this.island, params);
      if (generation !== this.generation) return; // a newer request superseded this one
      this.data = data;
    } catch (error) {
      if (generation === this.generation) this.fail(error);
      return;
    }
    await this.draw();
  }

  async draw() {
    const generation = this.generation;
    let result;
    let failure = null;
    const params = this.queryParams();
    const inputs = (spec) => {
      this.declare(spec);
      for (const control of this.controls) {
        params[control.name] = decode(control, this.state.get(control.name), this.defaults[control.name]);
      }
      return params;
    };
    try {
      const run = await loadBlockModule(this.island.dataset.module);
      result = await run({ data: this.data, params, Plot: this.Plot, d3: this.d3, inputs });
      this.width = this.chart.clientWidth;
      if (this.data.length > 0) {
        result = toNode(result, { Plot: this.Plot, height: this.height, width: this.width, label: this.label });
      }
    } catch (error) {
      failure = error;
    }
    if (generation !== this.generation) return;
    this.showControls(params);
    if (this.data.length === 0) this.setState("empty", status("pp-empty", "No data for these parameters."));
    else if (failure) this.fail(failure);
    else this.setState("ready", result);
    this.fillTable();
  }

  declare(spec) {
    const key = JSON.stringify(spec);
    if (key === this.controlsKey) return;
    this.controls = normalize(spec);
    this.controlsKey = key;
    this.renderedKey = null;
  }

  showControls(params) {
    if (this.renderedKey === this.controlsKey) return;
    this.renderedKey = this.controlsKey;
    renderControls(this.panel, this.controls, params, `pp-b${this.index}`, (name, value) =>
      this.change(name, value),
    );
  }

  change(name, value) {
    const control = this.controls.find((c) => c.name === name);
    this.state.set(name, encode(control, value));
    const shown = new Map(this.controls.map((c) => [c.name, this.state.get(c.name)]).filter(([, v]) => v));
    writeState(this.index, shown);
    if (name in this.defaults) this.load();
    else {
      this.generation += 1;
      this.draw();
    }
  }

  fillTable() {
    if (!this.details?.open || !this.data) return;
    this.details.querySelector(".pp-data-table").replaceChildren(dataTable(this.data, this.label));
  }
}
