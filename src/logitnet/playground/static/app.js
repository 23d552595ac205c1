// logitnet playground: the page's side. One WebSocket per model to the server; the server trains,
// the page draws. Every setting lives in the URL's query string under its control's data-testid
// (the second model's under "model-b-" and the same name).
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  const PALETTE = [
    [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
    [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
  ];
  const POSITIVE = [31, 119, 180];
  const NEGATIVE = [245, 130, 32];
  const CURVE_KEYS = ["train_loss", "test_loss", "train_acc", "test_acc"];
  const NEEDS_CLASSES = ["blobs", "spiral"];
  const FIXED_NOISE = ["lecture-circles", "lecture-blobs", "upload"];
  const NETWORK_ONLY = ["hidden", "activation", "optimizer", "lr", "batch-size", "add-layer",
    "remove-layer"];
  const ACTIONS = ["play", "pause", "step", "reset"];
  const MODEL_ACTIONS = ["export-model", "export-report"];
  const RETRY_MS = [250, 500, 1000, 2000, 4000];
  const SOLVERS = { gd: ["gradient descent", "#d62728"], newton: ["Newton", "#2ca02c"],
    adam: ["Adam", "#9467bd"] };
  const B = "model-b-";
  const DATA_SETTINGS = [...document.querySelectorAll("#data-panel [data-setting]")];
  const models = [];
  let plainUpload = null; // the last file chosen, sent again to a model opened later

  // --- small helpers -------------------------------------------------------------------------

  const showError = (message) => { byId("error").textContent = message; };
  const clearError = () => { byId("error").textContent = ""; };
  const megabytes = (n) => `${(n / 1024 / 1024).toPrecision(3)} MB`;
  const rgb = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;
  const blend = (c, a) => c.map((v) => Math.round(255 + (v - 255) * a));

  function base64Bytes(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function fieldValue(el) {
    if (el.type === "checkbox") return el.checked ? "1" : "0";
    return el.value || el.dataset.wanted || "";
  }

  function setField(el, value) {
    if (el.type === "checkbox") { el.checked = ["1", "true", "on", "yes"].includes(value); return; }
    const known = el.tagName !== "SELECT" || [...el.options].some((o) => o.value === value);
    if (known) el.value = value;
    else el.dataset.wanted = value; // an upload's column: chosen once the file is back
  }

  // --- one model: its controls, its socket, its views ----------------------------------------

  class Model {
    constructor(prefix, panel, views) {
      this.prefix = prefix;
      this.panel = panel;
      this.views = views;
      this.settings = [...panel.querySelectorAll("[data-setting]"),
        ...views.querySelectorAll("[data-setting]")];
      this.toggles = [...views.querySelectorAll("[data-view]")];
      this.ws = null;
      this.ready = false;
      this.hello = null;
      this.retries = 0;
      this.data = null;
      this.frame = null;
      this.uploaded = null;
      this.drawing = false;
      this.dirty = false;
      this.framesDrawn = 0;
      this.canvas = document.createElement("canvas");
      this.surface = null;
      this.surfaceZ = null;
      this.surfaceKey = "";
      this.net = null;
      this.resetCurves();
    }

    $(id) { return byId(this.prefix + id); }
    get name() { return this.prefix ? "model B" : "model A"; }

    resetCurves() {
      this.curves = { epoch: [] };
      for (const key of CURVE_KEYS) this.curves[key] = [];
    }

    send(message) {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.hello) {
        showError("not connected to the playground server yet; wait until it reconnects");
        return false;
      }
      this.ws.send(JSON.stringify(message));
      return true;
    }

    currentSettings() {
      const settings = {};
      for (const el of DATA_SETTINGS) settings[el.dataset.setting] = fieldValue(el);
      for (const el of this.settings) settings[el.dataset.setting] = fieldValue(el);
      return settings;
    }

    readUrl(params) {
      for (const el of [...this.settings, ...this.toggles]) {
        const key = this.prefix + (el.dataset.setting || el.dataset.view);
        if (params.has(key)) setField(el, params.get(key));
      }
      const l2 = params.get(`${this.prefix}l2`); // older URLs: l2=RATE
      if (l2 !== null && !params.has(`${this.prefix}regularization`) && Number(l2) > 0) {
        this.$("regularization").value = "l2";
        this.$("regularization-rate").value = l2;
      }
      this.mirrorL2();
    }

    writeParams(params) {
      for (const el of [...this.settings, ...this.toggles]) {
        const value = fieldValue(el);
        if (value !== "") params.set(this.prefix + (el.dataset.setting || el.dataset.view), value);
      }
    }

    mirrorL2() {
      const l2 = this.$("regularization").value === "l2";
      this.$("l2").value = l2 ? this.$("regularization-rate").value : "0";
    }

    updateEnabled() {
      const logistic = this.$("model").value === "logistic";
      for (const id of NETWORK_ONLY) this.$(id).disabled = logistic;
      const upload = byId("dataset").value === "upload";
      this.$("features").disabled = upload;
      this.$("surface-gd-step").disabled = !logistic;
    }

    configure() {
      writeUrl();
      if (byId("dataset").value === "upload" && !this.uploaded) {
        if (!this.prefix) showError("choose a CSV or Parquet file to upload (the data set is 'upload')");
        return;
      }
      this.send({ type: "configure", settings: this.currentSettings() });
    }

    // --- the connection ----------------------------------------------------------------------

    connect() {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const ws = new WebSocket(`${scheme}://${location.host}/ws`);
      ws.binaryType = "arraybuffer";
      ws.onmessage = (event) => {
        const message = JSON.parse(event.data);
        const handler = HANDLERS[message.type];
        if (handler) handler(this, message);
      };
      ws.onclose = () => {
        if (this.ws !== ws) return;
        const delay = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)];
        this.retries += 1;
        this.ready = false;
        if (!this.prefix) document.body.dataset.state = "closed";
        updateConnection("connection lost: reconnecting\u2026");
        showError("the connection to the playground server was lost; reconnecting\u2026");
        setTimeout(() => { if (models.includes(this)) this.connect(); }, delay);
      };
      this.ws = ws;
    }

    close() {
      const ws = this.ws;
      this.ws = null;
      if (ws) ws.close();
    }

    onHello(message) {
      const again = this.retries > 0 || this.hello !== null;
      this.hello = message;
      this.retries = 0;
      this.ready = true;
      this.uploaded = null; // a new session: the server no longer has the old upload
      if (!this.prefix) document.body.dataset.state = "ready";
      updateConnection(again ? "reconnected: the run starts again" : "connected");
      clearError();
      if (byId("dataset").value === "upload" && plainUpload) uploadTo(this, plainUpload);
      else this.configure();
    }

    // --- frames ------------------------------------------------------------------------------

    onData(message) {
      this.data = message;
      this.frame = null;
      this.net = null;
      this.resetCurves();
      this.$("boundary").dataset.classes = message.classes.join(",");
    }

    onFrame(frame) {
      const record = frame.record;
      if (record && frame.epoch > (this.curves.epoch.at(-1) ?? 0)) {
        this.curves.epoch.push(record.epoch);
        for (const key of CURVE_KEYS) this.curves[key].push(record[key]);
      }
      if (frame.epoch === 0) this.resetCurves();
      if (frame.surface_setup) {
        this.surface = frame.surface_setup;
        this.surfaceZ = null;
        this.surfaceB = undefined;
      }
      if (frame.surface) { this.surfaceZ = frame.surface.z; this.surfaceB = frame.surface.b; }
      (this.prefix ? this.$("epoch") : byId("epoch")).textContent = String(frame.epoch);
      for (const [id, key] of [["train-loss", "train_loss"], ["test-loss", "test_loss"],
        ["train-accuracy", "train_acc"], ["test-accuracy", "test_acc"]]) {
        showFigure(this.$(id), record ? record[key] : null, 4);
      }
      this.frame = frame;
      this.scheduleDraw();
    }

    scheduleDraw() {
      this.dirty = true;
      if (this.drawing) return;
      this.drawing = true;
      if (document.hidden) setTimeout(() => this.draw(), 0);
      else requestAnimationFrame(() => this.draw());
    }

    async draw() {
      this.dirty = false;
      try {
        if (this.data && this.frame) {
          const frame = this.frame;
          const boundary = this.$("boundary");
          await Plotly.react(boundary, this.pointTraces(),
            this.boundaryLayout(this.mapImage(frame.grid)), { displayModeBar: false, responsive: true });
          const curves = curveFigure(this.curves);
          await Plotly.react(this.$("curves"), curves.data, curves.layout,
            { displayModeBar: false, responsive: true });
          drawNetwork(this, frame);
          await drawSurface(this, frame);
          boundary.dataset.epoch = String(frame.epoch);
          boundary.dataset.frames = String(++this.framesDrawn);
        }
      } catch (error) {
        showError(`${this.name}: cannot draw the frame: ${error}`);
        throw error;
      } finally {
        this.drawing = false;
        if (this.dirty) this.scheduleDraw();
      }
    }

    mapImage(grid) {
      const n = this.data.grid_size;
      const k = this.data.classes.length;
      const discrete = this.$("discretize").checked;
      const p = base64Bytes(grid.p);
      const best = grid.k ? base64Bytes(grid.k) : null;
      const canvas = this.canvas;
      canvas.width = n;
      canvas.height = n;
      const ctx = canvas.getContext("2d");
      const image = ctx.createImageData(n, n);
      for (let row = 0; row < n; row++) {
        const first = (n - 1 - row) * n; // the canvas's top row is the grid's last (y_max)
        for (let col = 0; col < n; col++) {
          const q = p[first + col] / 255;
          let colour, strength;
          if (best) {
            colour = PALETTE[best[first + col] % PALETTE.length];
            strength = (q - 1 / k) / (1 - 1 / k);
          } else {
            colour = q >= 0.5 ? PALETTE[1] : PALETTE[0];
            strength = Math.abs(q - 0.5) * 2;
          }
          const a = 0.7 * (discrete ? 1 : Math.max(0, Math.min(1, strength)));
          const o = (row * n + col) * 4;
          for (let c = 0; c < 3; c++) image.data[o + c] = Math.round(255 + (colour[c] - 255) * a);
          image.data[o + 3] = 255;
        }
      }
      ctx.putImageData(image, 0, 0);
      return canvas.toDataURL("image/png");
    }

    pointTraces() {
      const traces = [];
      const splits = [["train", "circle", "white"]];
      if (this.$("show-test").checked) splits.push(["test", "diamond", "black"]);
      for (const [split, symbol, outline] of splits) {
        const points = this.data.points[split];
        this.data.classes.forEach((name, index) => {
          const keep = points.c.map((c, i) => (c === index ? i : -1)).filter((i) => i >= 0);
          traces.push({
            type: "scatter", mode: "markers", name: `${name} (${split})`,
            legendgroup: name, hoverinfo: "x+y+name",
            x: keep.map((i) => points.x[i]), y: keep.map((i) => points.y[i]),
            marker: { symbol, size: split === "train" ? 7 : 8,
              color: rgb(PALETTE[index % PALETTE.length]), line: { color: outline, width: 1 } },
          });
        });
      }
      return traces;
    }

    boundaryLayout(source) {
      const [x0, x1, y0, y1] = this.data.extent;
      const n = this.data.grid_size;
      const dx = (x1 - x0) / (n - 1);
      const dy = (y1 - y0) / (n - 1);
      return {
        margin: { l: 50, r: 10, t: 10, b: 40 },
        xaxis: { range: [x0 - dx / 2, x1 + dx / 2], title: { text: this.data.axes[0] },
          zeroline: false, showgrid: false },
        yaxis: { range: [y0 - dy / 2, y1 + dy / 2], title: { text: this.data.axes[1] },
          zeroline: false, showgrid: false, ...(this.data.equal_axes ? { scaleanchor: "x" } : {}) },
        images: [{ source, xref: "x", yref: "y", x: x0 - dx / 2, y: y1 + dy / 2,
          sizex: x1 - x0 + dx, sizey: y1 - y0 + dy, sizing: "stretch", layer: "below",
          xanchor: "left", yanchor: "top" }],
        legend: { orientation: "h", y: -0.12 },
        uirevision: "keep",
      };
    }
  }

  function showFigure(el, value, digits) {
    el.dataset.value = value === null ? "" : String(value);
    el.textContent = value === null ? "\u2013" : value.toFixed(digits);
  }

  function curveFigure(c) {
    const line = (key, name, colour, dash, axis) => ({
      type: "scatter", mode: "lines", name, x: c.epoch, y: c[key],
      line: { color: colour, dash }, xaxis: `x${axis}`, yaxis: `y${axis}`,
    });
    return {
      data: [
        line("train_loss", "train loss", "#1f77b4", "solid", ""),
        line("test_loss", "test loss", "#ff7f0e", "dash", ""),
        line("train_acc", "train accuracy", "#1f77b4", "solid", "2"),
        line("test_acc", "test accuracy", "#ff7f0e", "dash", "2"),
      ],
      layout: {
        margin: { l: 50, r: 10, t: 24, b: 36 },
        grid: { rows: 1, columns: 2, pattern: "independent" },
        xaxis: { title: { text: "epoch" } }, xaxis2: { title: { text: "epoch" } },
        yaxis: { title: { text: "log-loss" }, rangemode: "tozero" },
        yaxis2: { title: { text: "accuracy" }, range: [0, 1.02] },
        legend: { orientation: "h", y: 1.18 },
        datarevision: c.epoch.length,
      },
    };
  }

  // --- the network view ----------------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";

  function pictureColour(kind, byte, unit, units) {
    if (kind === "signed") {
      const v = byte / 127.5 - 1;
      return blend(v >= 0 ? POSITIVE : NEGATIVE, Math.min(1, Math.abs(v)));
    }
    const q = byte / 255;
    if (units === 1) return blend(q >= 0.5 ? PALETTE[1] : PALETTE[0], Math.abs(q - 0.5) * 2);
    return blend(PALETTE[unit % PALETTE.length], q);
  }

  function paintPicture(canvas, bytes, offset, n, kind, unit, units) {
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(n, n);
    for (let row = 0; row < n; row++) {
      const first = offset + (n - 1 - row) * n; // the top row is the plane's y_max
      for (let col = 0; col < n; col++) {
        const c = pictureColour(kind, bytes[first + col], unit, units);
        const o = (row * n + col) * 4;
        image.data[o] = c[0];
        image.data[o + 1] = c[1];
        image.data[o + 2] = c[2];
        image.data[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  function layerButtons(model, L, x, width) {
    const bar = document.createElement("div");
    bar.className = "layer-buttons";
    bar.style.left = `${x}px`;
    bar.style.width = `${width}px`;
    for (const [sign, label] of [["add", "+"], ["remove", "\u2212"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = `${model.prefix}${sign}-neuron-${L}`;
      button.dataset.testid = `${model.prefix}${sign}-neuron-${L}`;
      button.textContent = label;
      button.title = `${sign === "add" ? "Add a neuron to" : "Remove a neuron from"} layer ${L}`;
      button.addEventListener("click", () => changeNeurons(model, L, sign === "add" ? 1 : -1));
      bar.appendChild(button);
    }
    return bar;
  }

  function buildNetwork(model, sizes) {
    const box = model.$("network");
    box.replaceChildren();
    const most = Math.max(...sizes);
    const row = Math.max(8, Math.min(46, Math.floor(520 / most)));
    const size = Math.max(6, row - 8);
    const gap = 96;
    const top = 30;
    const height = top + most * row;
    const width = (sizes.length - 1) * gap + size + 60;
    box.style.height = `${height + 8}px`;
    box.style.width = `${width}px`;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    box.appendChild(svg);
    const centre = (L, i) => [L * gap + size / 2 + 40, top + (most - sizes[L]) * row / 2 + i * row + size / 2];
    const links = [];
    for (let L = 1; L < sizes.length; L++) {
      links[L] = [];
      for (let J = 0; J < sizes[L]; J++) {
        links[L][J] = [];
        for (let I = 0; I < sizes[L - 1]; I++) {
          const line = document.createElementNS(SVG, "line");
          const [x1, y1] = centre(L - 1, I);
          const [x2, y2] = centre(L, J);
          for (const [k, v] of Object.entries({ x1: x1 + size / 2, y1, x2: x2 - size / 2, y2 })) {
            line.setAttribute(k, v);
          }
          line.setAttribute("data-testid", `${model.prefix}link-${L}-${I}-${J}`);
          line.addEventListener("mouseenter", () => showLink(model, line, L, I, J));
          line.addEventListener("mouseleave", () => hideTip(model));
          svg.appendChild(line);
          links[L][J][I] = line;
        }
      }
    }
    const neurons = sizes.map((count, L) => [...Array(count)].map((_, I) => {
      const canvas = document.createElement("canvas");
      canvas.width = model.data.neuron_grid;
      canvas.height = model.data.neuron_grid;
      const [x, y] = centre(L, I);
      canvas.style.left = `${x - size / 2}px`;
      canvas.style.top = `${y - size / 2}px`;
      canvas.style.width = canvas.style.height = `${size}px`;
      canvas.className = "neuron";
      if (L > 0) {
        canvas.dataset.testid = `${model.prefix}neuron-${L}-${I}`;
        canvas.dataset.frames = "0";
      } else {
        canvas.dataset.testid = `${model.prefix}input-${I}`;
        const label = document.createElement("span");
        label.className = "input-label";
        label.textContent = model.data.inputs[I];
        label.style.top = `${y - 8}px`;
        label.style.left = "0px";
        box.appendChild(label);
      }
      canvas.addEventListener("mouseenter", () => showNeuron(model, canvas, L, I));
      canvas.addEventListener("mouseleave", () => hideTip(model));
      box.appendChild(canvas);
      return canvas;
    }));
    for (let L = 1; L < sizes.length - 1; L++) {
      box.appendChild(layerButtons(model, L, centre(L, 0)[0] - 24, 48));
    }
    const tip = document.createElement("div");
    tip.className = "tip";
    tip.hidden = true;
    box.appendChild(tip);
    paintInputs(model, neurons[0]);
    model.net = { key: sizes.join(","), links, neurons, tip };
  }

  function paintInputs(model, canvases) {
    const pictures = model.data.input_pictures;
    if (!pictures) return;
    const bytes = base64Bytes(pictures.p);
    const n = model.data.neuron_grid;
    canvases.forEach((canvas, I) => paintPicture(canvas, bytes, I * n * n, n, "signed", I, 1));
  }

  function drawNetwork(model, frame) {
    const box = model.$("network");
    const network = frame.network;
    if (!network) {
      box.replaceChildren("The network view is off.");
      box.style.height = box.style.width = "";
      model.net = null;
      return;
    }
    const sizes = [model.data.inputs.length, ...network.weights.map((w) => w.length)];
    if (!model.net || model.net.key !== sizes.join(",")) buildNetwork(model, sizes);
    let largest = 1e-12;
    for (const layer of network.weights) for (const row of layer) for (const w of row) {
      largest = Math.max(largest, Math.abs(w));
    }
    network.weights.forEach((layer, l) => layer.forEach((row, J) => row.forEach((w, I) => {
      const line = model.net.links[l + 1][J][I];
      line.setAttribute("data-weight", String(w));
      line.setAttribute("stroke", rgb(w >= 0 ? POSITIVE : NEGATIVE, 0.85));
      line.setAttribute("stroke-width", (0.6 + 5 * Math.abs(w) / largest).toFixed(2));
    })));
    const n = model.data.neuron_grid;
    network.pictures.forEach((layer, l) => {
      const bytes = base64Bytes(layer.p);
      const canvases = model.net.neurons[l + 1];
      canvases.forEach((canvas, I) => {
        paintPicture(canvas, bytes, I * n * n, n, layer.kind, I, canvases.length);
        canvas.dataset.scale = String(layer.scale[I]);
        canvas.dataset.frames = String(Number(canvas.dataset.frames) + 1);
      });
    });
    box.dataset.epoch = String(frame.epoch);
  }

  function placeTip(model, x, y, nodes) {
    const tip = model.net.tip;
    tip.replaceChildren(...nodes);
    tip.style.left = `${x}px`;
    tip.style.top = `${y}px`;
    tip.hidden = false;
  }

  function showLink(model, line, L, I, J) {
    const from = L === 1 ? model.data.inputs[I] : `neuron ${L - 1}-${I}`;
    const last = L === model.net.neurons.length - 1;
    const to = last ? `output ${J}` : `neuron ${L}-${J}`;
    const text = `${from} \u2192 ${to}: weight ${Number(line.dataset.weight).toPrecision(4)}`;
    placeTip(model, Number(line.getAttribute("x2")) + 6, Number(line.getAttribute("y2")), [text]);
  }

  function showNeuron(model, canvas, L, I) {
    const big = document.createElement("canvas");
    big.width = big.height = 160;
    const ctx = big.getContext("2d");
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(canvas, 0, 0, 160, 160);
    const name = L === 0 ? model.data.inputs[I] : `layer ${L}, neuron ${I}`;
    const scale = canvas.dataset.scale ? ` (max |a| ${Number(canvas.dataset.scale).toPrecision(3)})` : "";
    const caption = document.createElement("div");
    caption.textContent = name + scale;
    placeTip(model, canvas.offsetLeft + canvas.offsetWidth + 8, canvas.offsetTop, [big, caption]);
  }

  function hideTip(model) { if (model.net) model.net.tip.hidden = true; }

  function hiddenSizes(model) {
    return model.$("hidden").value.split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
  }

  function setHidden(model, sizes) {
    if (sizes.length === 0 || sizes.length > 6 || sizes.some((n) => n < 1 || n > 256)) return;
    model.$("hidden").value = sizes.join(",");
    model.configure();
  }

  function changeNeurons(model, L, delta) {
    const sizes = hiddenSizes(model);
    sizes[L - 1] += delta;
    setHidden(model, sizes);
  }

  // --- the loss surface ----------------------------------------------------------------------

  async function drawSurface(model, frame) {
    const setup = model.surface;
    const plot = model.$("loss-surface");
    if (!setup) return;
    const note = model.$("surface-note");
    if (setup.note) {
      note.textContent = setup.note;
      plot.hidden = true;
      plot.dataset.pathLength = "0";
      for (const solver of Object.keys(SOLVERS)) showSteps(model, solver, null, "\u2013");
      return;
    }
    note.textContent = `Training log-loss over (w1, w2) at the model's intercept ` +
      `b = ${model.surfaceB === undefined ? "\u2026" : model.surfaceB.toPrecision(4)}; each path starts at 0 ` +
      `and takes one step per epoch. Steps: until the loss is within ${setup.tolerance} of the ` +
      `optimum.` + (setup.optimum ? "" : " The classes separate: there is no finite optimum.");
    plot.hidden = false;
    const shown = Object.keys(SOLVERS).filter((s) => model.$(`surface-solver-${s}`).checked);
    let drawnSteps = 0;
    const traces = [];
    if (model.surfaceZ) {
      traces.push({ type: "contour", x: setup.w1, y: setup.w2, z: model.surfaceZ, ncontours: 30,
        colorscale: "Greys", reversescale: true, showscale: false, hoverinfo: "x+y+z",
        contours: { coloring: "heatmap" }, name: "log-loss" });
    }
    for (const solver of Object.keys(SOLVERS)) {
      const path = setup.paths[solver];
      const steps = path.steps;
      showSteps(model, solver, steps, steps === null ? (setup.optimum ? `> ${setup.max_steps}` : "no optimum") : String(steps));
      if (!shown.includes(solver)) continue;
      const n = Math.min(frame.epoch + 1, path.w1.length);
      drawnSteps = Math.max(drawnSteps, n - 1);
      traces.push({ type: "scatter", mode: "lines+markers", name: SOLVERS[solver][0],
        x: path.w1.slice(0, n), y: path.w2.slice(0, n),
        line: { color: SOLVERS[solver][1], width: 2 }, marker: { size: 4 } });
    }
    if (setup.optimum) {
      traces.push({ type: "scatter", mode: "markers", name: "optimum", x: [setup.optimum[0]],
        y: [setup.optimum[1]], marker: { symbol: "star", size: 12, color: "#000" } });
    }
    const key = `${drawnSteps}|${shown}|${frame.surface ? frame.epoch : ""}|${model.surfaceZ ? model.surfaceZ.length : 0}`;
    plot.dataset.pathLength = String(drawnSteps);
    if (key === model.surfaceKey && !frame.surface) return;
    model.surfaceKey = key;
    await Plotly.react(plot, traces, {
      margin: { l: 50, r: 10, t: 10, b: 40 }, uirevision: "keep",
      xaxis: { title: { text: "w1" }, range: [setup.w1[0], setup.w1.at(-1)] },
      yaxis: { title: { text: "w2" }, range: [setup.w2[0], setup.w2.at(-1)] },
      legend: { orientation: "h", y: -0.18 },
    }, { displayModeBar: false, responsive: true });
  }

  function showSteps(model, solver, steps, text) {
    const el = model.$(`surface-steps-${solver}`);
    el.textContent = text;
    el.dataset.steps = steps === null ? "" : String(steps);
  }

  // --- settings and the URL ------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(location.search);
    for (const el of DATA_SETTINGS) {
      const key = el.dataset.setting;
      if (params.has(key)) setField(el, params.get(key));
    }
    return params;
  }

  function writeUrl() {
    const params = new URLSearchParams();
    for (const el of DATA_SETTINGS) {
      const value = fieldValue(el);
      if (value !== "") params.set(el.dataset.setting, value);
    }
    if (models[0]) models[0].writeParams(params);
    if (models[1]) {
      params.set("compare", "1");
      models[1].writeParams(params);
    }
    history.replaceState(null, "", `?${params}`);
  }

  function updateEnabled() {
    const dataset = byId("dataset").value;
    byId("classes").disabled = !NEEDS_CLASSES.includes(dataset);
    byId("noise").disabled = FIXED_NOISE.includes(dataset);
    for (const model of models) model.updateEnabled();
  }

  function updateConnection(text) {
    const ready = models.every((m) => m.ready);
    for (const name of [...ACTIONS, "upload"]) byId(name).disabled = !ready;
    for (const model of models) for (const name of MODEL_ACTIONS) model.$(name).disabled = !model.ready;
    byId("connection").textContent = ready && models.length > 1 ? `${text} (both models)` : text;
    byId("connection").dataset.connected = String(ready);
  }

  // --- uploads -------------------------------------------------------------------------------

  async function uploadTo(model, file) {
    if (!model.send({ type: "upload-start", name: file.name, size: file.size })) return;
    const chunk = model.hello.chunk;
    for (let start = 0; start < file.size; start += chunk) {
      model.ws.send(await file.slice(start, start + chunk).arrayBuffer());
    }
    model.send({ type: "upload-end" });
  }

  async function upload(file) {
    clearError();
    const limit = models[0].hello.max_upload;
    if (file.size > limit) {
      showError(`'${file.name}' is too large: ${megabytes(file.size)}; the upload limit is ${megabytes(limit)}`);
      return;
    }
    plainUpload = file;
    for (const model of models) await uploadTo(model, file);
  }

  function fillSelect(el, names, preferred) {
    el.replaceChildren(...names.map((name) => new Option(name, name)));
    const wanted = [el.dataset.wanted, ...preferred].find((name) => names.includes(name));
    delete el.dataset.wanted;
    if (wanted !== undefined) el.value = wanted;
  }

  function fillFeatures(columns) {
    const numeric = columns.numeric.filter((name) => name !== byId("target").value);
    fillSelect(byId("feature-x"), numeric, [byId("feature-x").value, numeric[0]]);
    const others = numeric.filter((name) => name !== byId("feature-x").value);
    fillSelect(byId("feature-y"), numeric, [byId("feature-y").value, others[0]]);
  }

  function onColumns(model, message) {
    model.uploaded = message;
    if (model === models[0]) {
      const columns = message.columns;
      fillSelect(byId("target"), columns, [columns[columns.length - 1]]);
      fillFeatures(message);
      byId("dataset").value = "upload";
      updateEnabled();
      for (const m of models) if (m.uploaded) m.configure();
    } else if (models[0].uploaded) {
      model.configure();
    }
  }

  function download(model, message) {
    const blob = new Blob([base64Bytes(message.base64)], { type: message.mime });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = message.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  const HANDLERS = {
    hello: (model, m) => model.onHello(m),
    data: (model, m) => model.onData(m),
    frame: (model, m) => model.onFrame(m),
    state: (model, m) => {
      if (!model.prefix) document.body.dataset.state = m.playing ? "playing" : "paused";
      model.views.dataset.state = m.playing ? "playing" : "paused";
    },
    columns: onColumns,
    download,
    error: (model, m) => showError(model.prefix ? `model B: ${m.message}` : m.message),
  };

  // --- controls ------------------------------------------------------------------------------

  function bindModel(model) {
    for (const el of model.settings) {
      el.addEventListener("change", () => {
        clearError();
        if (el.dataset.setting.startsWith("regularization")) model.mirrorL2();
        model.updateEnabled();
        model.configure();
      });
    }
    for (const el of model.toggles) {
      el.addEventListener("change", () => { writeUrl(); model.surfaceKey = ""; model.scheduleDraw(); });
    }
    for (const name of MODEL_ACTIONS) {
      model.$(name).addEventListener("click", () => { clearError(); model.send({ type: name }); });
    }
    model.$("add-layer").addEventListener("click", () => setHidden(model, [...hiddenSizes(model), hiddenSizes(model).at(-1) ?? 4]));
    model.$("remove-layer").addEventListener("click", () => setHidden(model, hiddenSizes(model).slice(0, -1)));
  }

  function prefixed(node) {
    const clone = node.cloneNode(true);
    for (const el of [clone, ...clone.querySelectorAll("[id]")]) if (el.id) el.id = B + el.id;
    for (const el of clone.querySelectorAll("[data-testid]")) el.dataset.testid = B + el.dataset.testid;
    for (const id of ["boundary", "curves", "network", "loss-surface"]) {
      const el = clone.querySelector(`#${B}${id}`);
      if (!el) continue;
      el.replaceChildren();
      el.removeAttribute("class");
      el.className = id === "network" ? "network" : "";
      delete el.dataset.epoch;
      delete el.dataset.classes;
      if (id === "boundary") el.dataset.frames = "0";
      if (id === "loss-surface") el.dataset.pathLength = "0";
    }
    return clone;
  }

  function openSecond(params) {
    if (models.length > 1) return;
    const panel = prefixed(byId("model-panel"));
    panel.querySelector(`#${B}compare`).remove();
    const views = prefixed(byId("views"));
    const counter = document.createElement("span");
    counter.className = "counter-b";
    counter.innerHTML = `Epoch <strong id="${B}epoch" data-testid="${B}epoch">0</strong>`;
    views.querySelector(".toggles").appendChild(counter);
    const spacer = document.createElement("div");
    spacer.id = `${B}spacer`;
    byId("views").after(spacer, panel, views);
    byId("model-title").textContent = "Model A";
    views.querySelector(`#${B}model-title`).textContent = "Model B";
    const model = new Model(B, panel, views);
    models.push(model);
    if (params) model.readUrl(params);
    bindModel(model);
    updateEnabled();
    byId("compare").textContent = "Close the second model";
    document.body.dataset.compare = "1";
    updateConnection("connecting\u2026");
    model.connect();
    writeUrl();
  }

  function closeSecond() {
    const model = models.pop();
    if (!model) return;
    model.close();
    for (const id of ["spacer", "model-panel", "views"]) byId(B + id).remove();
    byId("model-title").textContent = "";
    byId("compare").textContent = "Compare with a second model";
    delete document.body.dataset.compare;
    updateConnection("connected");
    writeUrl();
  }

  for (const el of DATA_SETTINGS) {
    el.addEventListener("change", () => {
      clearError();
      if (el.id === "target" && models[0].uploaded) fillFeatures(models[0].uploaded);
      updateEnabled();
      for (const model of models) model.configure();
    });
  }
  for (const name of ACTIONS) {
    byId(name).addEventListener("click", () => {
      clearError();
      for (const model of models) model.send({ type: name });
    });
  }
  byId("compare").addEventListener("click", () => (models.length > 1 ? closeSecond() : openSecond(null)));
  byId("upload").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (file) upload(file).catch((error) => showError(`cannot read the file: ${error}`));
  });

  const params = readUrl();
  const first = new Model("", byId("model-panel"), byId("views"));
  models.push(first);
  first.readUrl(params);
  bindModel(first);
  updateEnabled();
  updateConnection("connecting\u2026");
  first.connect();
  if (params.get("compare") === "1") openSecond(params);
})();
