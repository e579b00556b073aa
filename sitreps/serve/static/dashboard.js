// The map, the weekly timeline and the event list, all driven by the filters in the URL.
"use strict";

const form = document.getElementById("filters");
const FILTERS = ["country", "admin1", "type", "actor", "since", "until", "min_fatalities", "q"];
let map, eventLayer;

function currentFilters() {
  const params = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) out.set(name, params.get(name));
  return out;
}

function fillForm(params) {
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

function formFilters() {
  const out = new URLSearchParams();
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) out.set(name, value);
  }
  return out;
}

function setupMap() {
  map = L.map("map", {worldCopyJump: true, preferCanvas: false}).setView([25, 30], 2);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  const base = L.geoJSON(null, {style: {color: "#9aa5b1", weight: 0.6, fillColor: "#eef1f4", fillOpacity: 1}});
  fetch("/static/vendor/countries-110m.geojson").then((r) => r.json()).then((d) => base.addData(d));
  base.addTo(map);
  const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                            {maxZoom: 18, attribution: "© OpenStreetMap contributors"});
  L.control.layers({"Offline outlines": base, "OpenStreetMap (online)": tiles}, {}).addTo(map);
  eventLayer = L.featureGroup().addTo(map);
  const legend = L.control({position: "bottomleft"});
  legend.onAdd = () => el("div", {class: "legend"}, TYPES.map((t) =>
    el("div", {}, el("span", {class: "swatch", style: "background:" + colourOf(t)}), t)));
  legend.addTo(map);
}

function popup(p) {
  return el("div", {class: "popup"},
    el("a", {href: "/event/" + encodeURIComponent(p.event_id)}, p.sub_event_type),
    el("div", {}, p.date_start || "date unknown"),
    el("div", {}, actors(p)),
    el("div", {}, where(p)),
    el("div", {}, "killed: " + (figure(p.fatalities) || "none reported")));
}

function drawMap(geo) {
  eventLayer.clearLayers();
  for (const f of geo.features) {
    const p = f.properties;
    const killed = (p.fatalities && p.fatalities.best) || 0;
    const [lon, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lon], {
      radius: 5 + 4 * Math.log10(1 + killed),  // a massacre must not hide its neighbours color: "#333", weight: 1,
      fillColor: colourOf(p.event_type), fillOpacity: 0.75, className: "event-point",
    }).bindPopup(() => popup(p)).addTo(eventLayer);
  }
  if (geo.features.length) map.fitBounds(eventLayer.getBounds().pad(0.3), {maxZoom: 7});
  document.getElementById("map").dataset.points = String(geo.features.length);
}

// Every week from the first to the last, weeks without events included.
function allWeeks(weeks) {
  weeks = weeks.filter((w) => w.key);
  if (!weeks.length) return weeks;
  const known = Object.fromEntries(weeks.map((w) => [w.key, w]));
  const out = [];
  const day = new Date(weeks[0].key + "T00:00:00Z");
  const last = new Date(weeks[weeks.length - 1].key + "T00:00:00Z");
  for (; day <= last && out.length < 2000; day.setUTCDate(day.getUTCDate() + 7)) {
    const key = day.toISOString().slice(0, 10);
    out.push(known[key] || {key, events: 0, fatalities: 0});
  }
  return out;
}

function drawTimeline(weeks) {
  const box = clear(document.getElementById("timeline"));
  weeks = allWeeks(weeks);
  if (!weeks.length) { box.append(el("p", {class: "muted"}, "No dated events.")); return; }
  const width = 360, height = 140, pad = 22;
  const maxEvents = Math.max(...weeks.map((w) => w.events));
  const maxKilled = Math.max(1, ...weeks.map((w) => w.fatalities));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  const step = (width - 2 * pad) / weeks.length;
  const points = [];
  weeks.forEach((w, i) => {
    const h = (height - 2 * pad) * w.events / maxEvents;
    const bar = document.createElementNS(ns, "rect");
    bar.setAttribute("x", pad + i * step + (step > 4 ? 1 : 0));
    bar.setAttribute("y", height - pad - h);
    bar.setAttribute("width", Math.max(0.5, step - (step > 4 ? 2 : 0)));
    bar.setAttribute("height", h);
    bar.setAttribute("class", "bar");
    const tip = document.createElementNS(ns, "title");
    tip.textContent = `week of ${w.key}: ${w.events} events, ${w.fatalities} killed`;
    bar.append(tip);
    svg.append(bar);
    points.push(`${pad + (i + 0.5) * step},${height - pad - (height - 2 * pad) * w.fatalities / maxKilled}`);
  });
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", points.join(" "));
  line.setAttribute("class", "killed");
  svg.append(line);
  for (const [x, text, anchor] of [[pad, weeks[0].key, "start"], [width - pad, weeks[weeks.length - 1].key, "end"]]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", x); label.setAttribute("y", height - 6);
    label.setAttribute("text-anchor", anchor);
    label.textContent = text;
    svg.append(label);
  }
  box.append(svg, el("p", {class: "muted"},
    el("span", {class: "swatch bar-key"}), " events per week (max " + maxEvents + ")  ",
    el("span", {class: "swatch killed-key"}), " killed (max " + maxKilled + ")"));
}

function drawList(data) {
  const body = clear(document.querySelector("#events tbody"));
  for (const e of data.events) {
    body.append(el("tr", {"data-id": e.event_id},
      el("td", {}, e.date_start || "?"),
      el("td", {}, el("span", {class: "swatch", style: "background:" + colourOf(e.event_type)}), e.sub_event_type),
      el("td", {}, actors(e)),
      el("td", {}, where(e)),
      el("td", {class: "num"}, figure(e.fatalities)),
      el("td", {class: "num"}, e.article_ids.length),
      el("td", {}, el("a", {href: "/event/" + encodeURIComponent(e.event_id)}, reviewStatus(e)))));
  }
  document.getElementById("count").textContent =
    `(${data.events.length} shown of ${data.total})`;
}

async function drawTalks() {
  const box = document.getElementById("talks");
  try {
    const t = await api("/api/talks");
    clear(box).classList.remove("muted");
    if (!t.rounds) { box.append(el("p", {class: "muted"}, t.message)); return; }
    box.append(el("p", {}, t.summary));
    if (t.chart) box.append(el("img", {src: t.chart, alt: t.summary, class: "chart"}));
    box.append(el("table", {class: "talks"},
      el("thead", {}, el("tr", {}, ["Round", "Where", "Before", "After"].map((h) => el("th", {}, h)))),
      el("tbody", {}, t.rows.map((r) => el("tr", {},
        el("td", {}, el("a", {href: "/event/" + encodeURIComponent(r.event_id)}, r.date)),
        el("td", {}, r.where),
        el("td", {class: "num"}, `${r.events_before} (${r.fatalities_before})`),
        el("td", {class: "num"}, `${r.events_after} (${r.fatalities_after})`))))),
      el("p", {class: "muted"}, `violent events (killed), ${t.window} days before and after`));
  } catch (err) {
    clear(box).append(el("p", {class: "muted"}, "No talks analysis: " + err.message));
  }
}

async function load() {
  const params = currentFilters();
  fillForm(params);
  document.getElementById("export").href = "/api/export?format=csv&" + params;
  document.body.dataset.loaded = "false";
  const [geo, stats, list] = await Promise.all([
    api("/api/events.geojson?" + params),
    api("/api/stats?" + params),
    api("/api/events?limit=200&" + params),
  ]);
  drawMap(geo);
  drawTimeline(stats.by_week);
  drawList(list);
  document.getElementById("summary").textContent =
    `${stats.events} events from ${stats.articles} articles`;
  document.body.dataset.loaded = "true";
}

for (const t of TYPES) form.elements.type.append(el("option", {value: t}, t));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = formFilters();
  history.pushState(null, "", params.toString() ? "?" + params : location.pathname);
  load();
});
form.elements.type.addEventListener("change", () => form.requestSubmit());
document.getElementById("clear").addEventListener("click", () => {
  history.pushState(null, "", location.pathname);
  load();
});
window.addEventListener("popstate", load);
setupMap();
load();
drawTalks();
