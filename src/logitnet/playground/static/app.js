// logitnet playground: the page's side. One WebSocket to the server; the server trains, the page
// draws. Every setting lives in the URL's query string under its control's data-testid.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const SETTINGS = [...document.querySelectorAll("[data-setting]")];
  const PALETTE = [
    [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
    [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
  ];
  const CURVE_KEYS = ["train_loss", "test_loss", "train_acc", "test_acc"];
  const NEEDS_CLASSES = ["blobs", "spiral"];
  const FIXED_NOISE = ["lecture-circles", "lecture-blobs", "upload"];
  const state = {
    ws: null, hello: null, data: null, frame: null, uploaded: null, curves: null,
    drawing: false, dirty: false, framesDrawn: 0, canvas: document.createElement("canvas"),
    retries: 0,
  };

  // --- messages and errors -------------------------------------------------------------------

  const showError = (message) => { $("error").textContent = message; };
  const clearError = () => { $("error").textContent = ""; };
  const megabytes = (n) => `${(n / 1024 / 1024).toPrecision(3)} MB`;
  const rgb = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

  function send(message) {
    if (!state.ws || state.ws.readyState !== WebSocket.OPEN || !state.hello) {
      showError("not connected to the playground server yet; wait until it reconnects");
      return false;
    }
    state.ws.send(JSON.stringify(message));
    return true;
  }

  function base64Bytes(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // --- settings and the URL ------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(location.search);
    for (const el of SETTINGS) {
      const key = el.dataset.setting;
      if (!params.has(key)) continue;
      const value = params.get(key);
      const known = el.tagName !== "SELECT" || [...el.options].some((o) => o.value === value);
      if (known) el.value = value;
      else el.dataset.wanted = value; // an upload's column: chosen once the file is back
    }
  }

  function currentSettings() {
    const settings = {};
    for (const el of SETTINGS) settings[el.dataset.setting] = el.value || el.dataset.wanted || "";
    return settings;
  }

  function writeUrl() {
    const settings = currentSettings();
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(settings)) if (value !== "") params.set(key, value);
    history.replaceState(null, "", `?${params}`);
  }

  function updateEnabled() {
    const dataset = $("dataset").value;
    $("classes").disabled = !NEEDS_CLASSES.includes(dataset);
    $("noise").disabled = FIXED_NOISE.includes(dataset);
    const logistic = $("model").value === "logistic";
    for (const id of ["hidden", "activation", "optimizer", "lr", "batch-size"]) {
      $(id).disabled = logistic;
    }
  }

  function configure() {
    writeUrl();
    if ($("dataset").value === "upload" && !state.uploaded) {
      showError("choose a CSV or Parquet file to upload (the data set is 'upload')");
      return;
    }
    send({ type: "configure", settings: currentSettings() });
  }

  // --- uploads -------------------------------------------------------------------------------

  async function upload(file) {
    clearError();
    const limit = state.hello.max_upload;
    if (file.size > limit) {
      showError(`'${file.name}' is too large: ${megabytes(file.size)}; the upload limit is ${megabytes(limit)}`);
      return;
    }
    if (!send({ type: "upload-start", name: file.name, size: file.size })) return;
    for (let start = 0; start < file.size; start += state.hello.chunk) {
      state.ws.send(await file.slice(start, start + state.hello.chunk).arrayBuffer());
    }
    send({ type: "upload-end" });
  }

  function fillSelect(el, names, preferred) {
    el.replaceChildren(...names.map((name) => new Option(name, name)));
    const wanted = [el.dataset.wanted, ...preferred].find((name) => names.includes(name));
    delete el.dataset.wanted;
    if (wanted !== undefined) el.value = wanted;
  }

  function fillFeatures() {
    const columns = state.uploaded.numeric.filter((name) => name !== $("target").value);
    fillSelect($("feature-x"), columns, [$("feature-x").value, columns[0]]);
    const others = columns.filter((name) => name !== $("feature-x").value);
    fillSelect($("feature-y"), columns, [$("feature-y").value, others[0]]);
  }

  function onColumns(message) {
    state.uploaded = message;
    const columns = message.columns;
    fillSelect($("target"), columns, [columns[columns.length - 1]]);
    fillFeatures();
    $("dataset").value = "upload";
    updateEnabled();
    configure();
  }

  // --- figures -------------------------------------------------------------------------------

  function resetCurves() {
    state.curves = { epoch: [] };
    for (const key of CURVE_KEYS) state.curves[key] = [];
  }

  function showFigure(id, value, digits) {
    const el = $(id);
    el.dataset.value = value === null ? "" : String(value);
    el.textContent = value === null ? "\u2013" : value.toFixed(digits);
  }

  function onFrame(frame) {
    const record = frame.record;
    if (record && frame.epoch > (state.curves.epoch.at(-1) ?? 0)) {
      state.curves.epoch.push(record.epoch);
      for (const key of CURVE_KEYS) state.curves[key].push(record[key]);
    }
    $("epoch").textContent = String(frame.epoch);
    showFigure("train-loss", record ? record.train_loss : null, 4);
    showFigure("test-loss", record ? record.test_loss : null, 4);
    showFigure("train-accuracy", record ? record.train_acc : null, 4);
    showFigure("test-accuracy", record ? record.test_acc : null, 4);
    state.frame = frame;
    scheduleDraw();
  }

  function onData(message) {
    state.data = message;
    state.frame = null;
    resetCurves();
    $("boundary").dataset.classes = message.classes.join(",");
  }

  function mapImage(grid) {
    const n = state.data.grid_size;
    const k = state.data.classes.length;
    const p = base64Bytes(grid.p);
    const best = grid.k ? base64Bytes(grid.k) : null;
    const canvas = state.canvas;
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
        const a = 0.7 * Math.max(0, Math.min(1, strength));
        const o = (row * n + col) * 4;
        for (let c = 0; c < 3; c++) image.data[o + c] = Math.round(255 + (colour[c] - 255) * a);
        image.data[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    return canvas.toDataURL("image/png");
  }

  function pointTraces() {
    const traces = [];
    const splits = [["train", "circle", "white"], ["test", "diamond", "black"]];
    for (const [split, symbol, outline] of splits) {
      const points = state.data.points[split];
      state.data.classes.forEach((name, index) => {
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

  function boundaryLayout(source) {
    const [x0, x1, y0, y1] = state.data.extent;
    const n = state.data.grid_size;
    const dx = (x1 - x0) / (n - 1);
    const dy = (y1 - y0) / (n - 1);
    return {
      margin: { l: 50, r: 10, t: 10, b: 40 },
      xaxis: { range: [x0 - dx / 2, x1 + dx / 2], title: { text: state.data.axes[0] },
        zeroline: false, showgrid: false },
      yaxis: { range: [y0 - dy / 2, y1 + dy / 2], title: { text: state.data.axes[1] },
        zeroline: false, showgrid: false, ...(state.data.equal_axes ? { scaleanchor: "x" } : {}) },
      images: [{ source, xref: "x", yref: "y", x: x0 - dx / 2, y: y1 + dy / 2,
        sizex: x1 - x0 + dx, sizey: y1 - y0 + dy, sizing: "stretch", layer: "below",
        xanchor: "left", yanchor: "top" }],
      legend: { orientation: "h", y: -0.12 },
      uirevision: "keep",
    };
  }

  function curveFigure() {
    const c = state.curves;
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

  async function draw() {
    state.dirty = false;
    try {
      if (state.data && state.frame) {
        const frame = state.frame;
        await Plotly.react("boundary", pointTraces(), boundaryLayout(mapImage(frame.grid)),
          { displayModeBar: false, responsive: true });
        const curves = curveFigure();
        await Plotly.react("curves", curves.data, curves.layout,
          { displayModeBar: false, responsive: true });
        const boundary = $("boundary");
        boundary.dataset.epoch = String(frame.epoch);
        boundary.dataset.frames = String(++state.framesDrawn);
      }
    } finally {
      state.drawing = false;
      if (state.dirty) scheduleDraw();
    }
  }

  function scheduleDraw() {
    state.dirty = true;
    if (state.drawing) return;
    state.drawing = true;
    if (document.hidden) setTimeout(draw, 0);
    else requestAnimationFrame(draw);
  }

  function download(message) {
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

  // --- the connection ------------------------------------------------------------------------

  const ACTIONS = ["play", "pause", "step", "reset", "export-model", "export-report"];
  const RETRY_MS = [250, 500, 1000, 2000, 4000];

  // Controls that talk to the server work only once it has said hello on an open socket.
  function setConnected(connected, text) {
    for (const name of [...ACTIONS, "upload"]) $(name).disabled = !connected;
    $("connection").textContent = text;
    $("connection").dataset.connected = String(connected);
  }

  function onHello(message) {
    const again = state.retries > 0 || state.hello !== null;
    state.hello = message;
    state.retries = 0;
    state.uploaded = null; // a new session: the server no longer has the old upload
    document.body.dataset.state = "ready";
    setConnected(true, again ? "reconnected: the run starts again" : "connected");
    clearError();
    configure();
  }

  const HANDLERS = {
    hello: onHello,
    data: onData,
    frame: onFrame,
    state: (m) => { document.body.dataset.state = m.playing ? "playing" : "paused"; },
    columns: onColumns,
    download,
    error: (m) => showError(m.message),
  };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws`);
    ws.binaryType = "arraybuffer";
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      const handler = HANDLERS[message.type];
      if (handler) handler(message);
    };
    ws.onclose = () => {
      if (state.ws !== ws) return;
      const delay = RETRY_MS[Math.min(state.retries, RETRY_MS.length - 1)];
      state.retries += 1;
      document.body.dataset.state = "closed";
      setConnected(false, "connection lost: reconnecting\u2026");
      showError("the connection to the playground server was lost; reconnecting\u2026");
      setTimeout(connect, delay);
    };
    state.ws = ws;
  }

  // --- controls ------------------------------------------------------------------------------

  for (const el of SETTINGS) {
    el.addEventListener("change", () => {
      clearError();
      if (el.id === "target" && state.uploaded) fillFeatures();
      updateEnabled();
      configure();
    });
  }
  for (const name of ACTIONS) {
    $(name).addEventListener("click", () => { clearError(); send({ type: name }); });
  }
  $("upload").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (file) upload(file).catch((error) => showError(`cannot read the file: ${error}`));
  });

  readUrl();
  updateEnabled();
  resetCurves();
  setConnected(false, "connecting\u2026");
  connect();
})();
