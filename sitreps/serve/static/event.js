// One event: its fields, the reviewer's form, every claim side by side, and each source
// article with the evidence sentences highlighted.
"use strict";

const eventId = decodeURIComponent(location.pathname.split("/").pop());
const EDITABLE = [
  ["event_type", "Event type"], ["sub_event_type", "Sub-event type"],
  ["actor1", "Actor 1"], ["actor2", "Actor 2"],
  ["date_start", "Date", "date"], ["country", "Country"], ["admin1", "Province"],
  ["admin2", "District"], ["location", "Location"],
  ["fatalities", "Killed", "number"], ["injured", "Injured", "number"],
];

function value(record, name) {
  const v = record[name];
  if (v && typeof v === "object") return v.best;
  return v;
}

function drawFields(e) {
  const table = clear(document.getElementById("fields"));
  const rows = EDITABLE.map(([name, label]) => [label, value(e, name)]);
  rows.push(["Coordinates", e.latitude !== null ? `${e.latitude}, ${e.longitude}` : ""],
            ["Geo precision", e.geo_precision], ["Time precision", e.time_precision],
            ["Confidence", e.confidence], ["Event id", e.event_id]);
  for (const [label, v] of rows) {
    table.append(el("tr", {}, el("th", {}, label), el("td", {}, v === null || v === undefined ? "" : v)));
  }
  document.getElementById("title").textContent =
    `${e.sub_event_type}: ${where(e) || "place unknown"}, ${e.date_start || "date unknown"}`;
  document.title = "sitreps: " + document.getElementById("title").textContent;
}

function drawReview(e) {
  const status = reviewStatus(e);
  const box = document.getElementById("status");
  box.textContent = "Review status: " + status;
  box.dataset.status = status;
  const edit = clear(document.getElementById("edit"));
  for (const [name, label, type] of EDITABLE) {
    const v = value(e, name);
    edit.append(el("label", {}, label + " ",
      el("input", {name, type: type || "text", value: v === null || v === undefined ? "" : v,
                   "data-original": v === null || v === undefined ? "" : v, min: type === "number" ? 0 : null})));
  }
  const history = clear(document.getElementById("history"));
  const edits = (e.review && e.review.edits) || [];
  if (!edits.length) history.append(el("li", {class: "muted"}, "not reviewed yet"));
  for (const r of edits) {
    const changes = Object.entries(r.changes).map(([k, v]) => `${k} = ${v}`).join(", ");
    history.append(el("li", {}, el("time", {datetime: r.at}, r.at), " ", r.action,
                      changes ? ": " + changes : "", r.note ? ` (“${r.note}”)` : ""));
  }
}

function drawClaims(e, titles) {
  const body = clear(document.querySelector("#claims tbody"));
  for (const c of e.claims) {
    body.append(el("tr", {},
      el("td", {}, c.source || "unattributed"),
      el("td", {class: "num"}, figure(c.killed)),
      el("td", {class: "num"}, figure(c.injured)),
      el("td", {}, c.responsibility ? "yes" : ""),
      el("td", {}, titles[c.article_id] || c.article_id),
      el("td", {class: "quote"}, c.text)));
  }
  if (!e.claims.length) body.append(el("tr", {}, el("td", {colspan: 6, class: "muted"}, "No figures reported.")));
}

// The article text with the evidence spans wrapped in <mark>: built from text nodes only.
function highlighted(text, spans) {
  const out = el("div", {class: "article-text"});
  spans = spans.slice().sort((a, b) => a.start - b.start);
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;  // overlapping spans: the first one wins
    out.append(text.slice(at, s.start), el("mark", {class: "evidence"}, text.slice(s.start, s.end)));
    at = s.end;
  }
  out.append(text.slice(at));
  return out;
}

async function drawArticles(e) {
  const box = clear(document.getElementById("articles"));
  document.getElementById("reasons").textContent = e.merge_reasons && e.merge_reasons.length
    ? "Merged because: " + e.merge_reasons.join("; ") : "";
  for (const meta of e.articles) {
    const article = await api("/api/articles/" + encodeURIComponent(meta.id));
    const spans = e.evidence.filter((v) => v.article_id === meta.id);
    box.append(el("article", {class: "source"},
      el("h3", {}, article.title || article.id),
      el("p", {class: "muted"}, [article.outlet, article.published].filter(Boolean).join(", "), " ",
         article.url ? el("a", {href: article.url, rel: "noopener noreferrer"}, article.url) : ""),
      highlighted(article.text, spans)));
  }
}

async function load() {
  let e;
  try {
    e = await api("/api/events/" + encodeURIComponent(eventId));
  } catch (err) {
    document.getElementById("title").textContent = "No such event: " + eventId;
    return;
  }
  const titles = Object.fromEntries(e.articles.map((a) => [a.id, a.title || a.outlet || a.id]));
  drawFields(e);
  drawReview(e);
  drawClaims(e, titles);
  await drawArticles(e);
  document.body.dataset.loaded = "true";
}

async function act(action) {
  const form = document.getElementById("review");
  const changes = {};
  if (action === "correct") {
    for (const input of form.querySelectorAll("#edit input")) {
      if (input.value !== input.dataset.original) changes[input.name] = input.value;
    }
    if (!Object.keys(changes).length) { message("Nothing changed."); return; }
  }
  try {
    const e = await sendReview(eventId, action, changes, form.elements.note.value);
    form.elements.note.value = "";
    drawFields(e);
    drawReview(e);
    message("Saved: " + reviewStatus(e));
  } catch (err) {
    message("Not saved: " + err.message);
  }
}

function message(text) { document.getElementById("message").textContent = text; }

document.getElementById("review").addEventListener("submit", (event) => {
  event.preventDefault();
  act("correct");
});
for (const button of document.querySelectorAll("#review button[type=button]")) {
  button.addEventListener("click", () => act(button.dataset.action));
}
document.addEventListener("keydown", (event) => {
  if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "c") act("confirm");
  else if (event.key === "x") act("reject");
  else if (event.key === "e") { event.preventDefault(); document.querySelector("#edit input").focus(); }
});
load();
