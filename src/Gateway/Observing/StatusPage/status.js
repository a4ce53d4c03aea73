// The gateway's status page: reads /api/status every second and draws it; the tap panel reads /tap.
// Plain DOM and SVG, no library: the file is served as it is written.
"use strict";

const REFRESH_MS = 1000;
const MAX_TAP_LINES = 200;
const MAX_REFUSAL_ROWS = 10;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const rate = (perSecond) => (perSecond >= 100 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10) + "/s";
const time = (iso) => (iso ? new Date(iso).toLocaleString() : "");
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "");

// --- the pipeline drawing ---------------------------------------------------------------------------------------
const COLUMNS = [20, 270, 520, 770];
const NODE_W = 190, NODE_H = 46, GAP = 14;

function drawPipeline(status) {
  const svg = $("pipeline");
  const nodes = new Map();
  const column = (x, items) => items.forEach((item, i) => nodes.set(item.key, { ...item, x, y: 10 + i * (NODE_H + GAP) }));

  column(COLUMNS[0], status.receivers.map((r) => ({ key: "receiver:" + r.id, kind: "receiver", title: r.id, sub: `${r.accepted} accepted` })));
  column(COLUMNS[1], [{ key: "processors", kind: "processors", title: status.processors.length ? status.processors.join(" → ") : "no processors", sub: `${status.sampled_out.count} sampled out` }]);
  const routes = status.routes.map((r) => ({ key: "route:" + r.name, kind: "route", title: r.name, sub: r.drop ? `drop · ${r.matched} matched` : `${r.matched} matched` }));
  if (status.unrouted.count > 0) routes.push({ key: "unrouted", kind: "unrouted", title: "unrouted", sub: `${status.unrouted.count} matched no route` });
  column(COLUMNS[2], routes);
  column(COLUMNS[3], status.exporters.map((e) => ({ key: "exporter:" + e.id, kind: "exporter " + e.health, title: e.id, sub: `${e.health} · queue ${e.queue_size}/${e.queue_capacity}` })));

  const edges = [];
  for (const r of status.receivers) edges.push(["receiver:" + r.id, "processors", r.per_second]);
  for (const r of status.routes) {
    edges.push(["processors", "route:" + r.name, r.per_second]);
    for (const e of r.exporters) if (nodes.has("exporter:" + e)) edges.push(["route:" + r.name, "exporter:" + e, r.per_second]);
  }
  if (nodes.has("unrouted")) edges.push(["processors", "unrouted", status.unrouted.per_second]);

  let height = 0;
  for (const n of nodes.values()) height = Math.max(height, n.y + NODE_H + 10);
  svg.setAttribute("viewBox", `0 0 ${COLUMNS[3] + NODE_W + 20} ${height}`);
  svg.setAttribute("height", height);
  svg.replaceChildren();

  const degree = (end, key) => edges.filter((edge) => edge[end] === key).length;
  for (const [from, to, perSecond] of edges) {
    const a = nodes.get(from), b = nodes.get(to);
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2, mid = (x1 + x2) / 2;
    const flowing = perSecond > 0;
    // A label sits at an end the edge has to itself, so labels of edges that share a node do not cover each other:
    // receivers share the processors, a route may feed several exporters and an exporter take several routes.
    const label = degree(1, to) === 1 ? { x: x2 - 6, y: y2 - 5, "text-anchor": "end" }
      : degree(0, from) === 1 ? { x: x1 + 6, y: y1 - 5, "text-anchor": "start" }
      : { x: mid, y: (y1 + y2) / 2 - 5, "text-anchor": "middle" };
    svg.append(el("svg:g", { class: flowing ? "edge flowing" : "edge", "data-from": from, "data-to": to, "data-rate": perSecond },
      el("svg:path", { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }),
      el("svg:text", label, rate(perSecond))));
  }

  for (const n of nodes.values()) {
    svg.append(el("svg:g", { class: "node " + n.kind, "data-id": n.key },
      el("svg:rect", { x: n.x, y: n.y, width: NODE_W, height: NODE_H, rx: 6 }),
      el("svg:text", { x: n.x + 10, y: n.y + 19 }, n.title),
      el("svg:text", { x: n.x + 10, y: n.y + 36, class: "sub" }, n.sub)));
  }
}

// --- the tables -------------------------------------------------------------------------------------------------
function drawExporters(status) {
  const rows = status.exporters.map((e) => {
    const fill = Math.round(e.queue_fill * 100);
    return el("tr", { "data-exporter": e.id, "data-health": e.health },
      el("td", {}, e.id),
      el("td", {}, el("span", { class: "badge " + e.health }, e.health)),
      el("td", {}, el("span", { class: fill >= 90 ? "fill high" : "fill" }, el("span", { style: null })), `${e.queue_size}/${e.queue_capacity} (${e.queue_full_policy})`),
      el("td", { class: "num" }, rate(e.sent_per_second)),
      el("td", { class: "num" }, String(e.sent)),
      el("td", { class: "num" }, String(e.failed)),
      el("td", { class: "error" }, e.queue_error || e.last_error || ""));
  });
  $("exporters").tBodies[0].replaceChildren(...rows);
  // Widths are set through the CSSOM: the page's policy allows no inline style attributes.
  status.exporters.forEach((e, i) => { rows[i].querySelector(".fill > span").style.width = Math.round(e.queue_fill * 100) + "%"; });
}

function drawRefusals(status) {
  $("refusal-count").textContent = `${status.refusals.count} in all, ${rate(status.refusals.per_second)} now`;
  const rows = status.refusals.recent.slice(0, MAX_REFUSAL_ROWS).map((r) => el("tr", { "data-reason": r.reason },
    el("td", { title: time(r.at) }, clock(r.at)), el("td", {}, r.transport), el("td", {}, r.reason), el("td", {}, r.answer), el("td", {}, r.detail)));
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "none since the gateway started")));
  $("refusals").tBodies[0].replaceChildren(...rows);
}

function definitions(target, pairs) {
  target.replaceChildren(...pairs.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
}

function drawConfig(status) {
  const pairs = [["file", status.config.path], ["loaded", time(status.config.loaded_at)], ["reloads", String(status.config.reloads)],
    ["version", status.version], ["started", time(status.started_at)]];
  if (status.config.last_reload_refused) pairs.push(["last reload refused", status.config.last_reload_refused.errors.join("\n")]);
  definitions($("config"), pairs);
  definitions($("dead-letter"), [["events", String(status.dead_letter.count)], ["now", rate(status.dead_letter.per_second)], ["file", status.dead_letter.path]]);
}

function drawSummary(status) {
  const down = status.exporters.filter((e) => e.health === "down").map((e) => e.id);
  const summary = $("summary");
  summary.textContent = status.stopping ? "stopping" : down.length ? `down: ${down.join(", ")}` : "all exporters up";
  summary.className = "badge " + (status.stopping || down.length ? "down" : "up");
  $("checked").textContent = "checked " + time(status.checked_at);
}

// --- the live tap -----------------------------------------------------------------------------------------------
let tapAbort = null;
let tapOptions = "";

function tapPoints(status) {
  const key = JSON.stringify([status.tap.allow_unredacted, status.exporters.map((e) => e.id)]);
  $("tap-key-label").hidden = !status.tap.key_required;
  if (key === tapOptions) return;
  tapOptions = key;
  const select = $("tap-at"), chosen = select.value;
  const options = [el("option", { value: "processed" }, "processed (redacted)")];
  options.push(el("option", { value: "received", disabled: !status.tap.allow_unredacted }, status.tap.allow_unredacted ? "received (unredacted)" : "received (not allowed)"));
  for (const e of status.exporters) options.push(el("option", { value: e.id }, "exporter " + e.id));
  select.replaceChildren(...options);
  if (chosen) select.value = chosen;
}

async function startTap(at, where, limit) {
  stopTap();
  const controller = new AbortController();
  tapAbort = controller;
  $("tap-toggle").textContent = "Stop";
  const list = $("tap-events");
  list.replaceChildren();
  const query = new URLSearchParams({ at, format: "text" });
  if (where) query.set("where", where);
  if (limit) query.set("limit", limit);
  const headers = {};
  if ($("tap-key").value) headers.Authorization = "Bearer " + $("tap-key").value;
  const state = $("tap-state");
  state.textContent = `Tapping at ${at}${where ? " where " + where : ""}…`;
  try {
    const response = await fetch("/tap?" + query, { headers, signal: controller.signal });
    if (!response.ok) {
      state.textContent = `Refused (${response.status}): ${(await response.text()).trim()}`;
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "", shown = 0, dropped = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = null, data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) name = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (!data) continue;
        if (name === null) {
          list.append(el("li", { class: "tap-event" }, data));
          while (list.childElementCount > MAX_TAP_LINES) list.firstElementChild.remove();
          list.scrollTop = list.scrollHeight;
          shown++;
        } else if (name === "dropped") {
          dropped = JSON.parse(data).dropped;
        } else if (name === "end") {
          controller.abort();
        }
        state.textContent = `Tapping at ${at}${where ? " where " + where : ""}: ${shown} shown` + (dropped ? `, ${dropped} left out (this page fell behind; the gateway did not slow down)` : "");
      }
    }
  } catch (error) {
    if (error.name !== "AbortError") state.textContent = "The tap ended: " + error.message;
  } finally {
    if (tapAbort === controller) {
      tapAbort = null;
      $("tap-toggle").textContent = "Start";
    }
  }
}

function stopTap() {
  if (tapAbort) tapAbort.abort();
  tapAbort = null;
  $("tap-toggle").textContent = "Start";
}

$("tap-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (tapAbort) stopTap();
  else startTap($("tap-at").value || "processed", $("tap-where").value.trim(), null);
});

// --- refresh ----------------------------------------------------------------------------------------------------
let started = false;

async function refresh() {
  try {
    const response = await fetch("/api/status", { cache: "no-store" });
    const status = await response.json();
    drawSummary(status);
    drawPipeline(status);
    drawExporters(status);
    drawRefusals(status);
    drawConfig(status);
    tapPoints(status);
    document.body.dataset.loaded = "true";
    if (!started) {
      started = true;
      // ?tap=processed&where=...&limit=N starts a tap at once: a link to "what is arriving right now".
      const params = new URLSearchParams(location.search);
      if (params.has("tap")) {
        $("tap-at").value = params.get("tap");
        $("tap-where").value = params.get("where") || "";
        startTap(params.get("tap"), params.get("where") || "", params.get("limit"));
      }
    }
  } catch (error) {
    $("summary").textContent = "gateway not answering";
    $("summary").className = "badge down";
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
