// The review queue: unreviewed events, least confident first, worked from the keyboard.
"use strict";

let queue = [];
let at = 0;

function draw() {
  const list = clear(document.getElementById("queue"));
  queue.forEach((e, i) => {
    list.append(el("li", {class: i === at ? "selected" : "", "data-id": e.event_id,
                          onclick: () => { at = i; draw(); }},
      el("span", {class: "swatch", style: "background:" + colourOf(e.event_type)}),
      `${e.date_start || "?"} · ${e.sub_event_type} · ${where(e)} `,
      el("span", {class: "muted"}, `confidence ${e.confidence}`)));
  });
  document.getElementById("count").textContent = `(${queue.length} waiting)`;
  const box = clear(document.getElementById("preview"));
  const e = queue[at];
  if (!e) { box.append(el("p", {}, "Nothing left to review.")); return; }
  box.append(
    el("h2", {}, el("a", {href: "/event/" + encodeURIComponent(e.event_id)}, e.sub_event_type)),
    el("p", {}, actors(e) || "actors unknown"),
    el("p", {}, `${where(e)} · ${e.date_start || "date unknown"} · killed ${figure(e.fatalities) || "none reported"}`),
    el("h3", {}, "Evidence"),
    el("ul", {}, e.evidence.map((v) => el("li", {class: "quote"}, v.text))));
  const selected = list.children[at];
  if (selected) selected.scrollIntoView({block: "nearest"});
}

async function decide(action) {
  const e = queue[at];
  if (!e) return;
  try {
    await sendReview(e.event_id, action);
    queue.splice(at, 1);
    at = Math.min(at, Math.max(0, queue.length - 1));
    document.getElementById("message").textContent = `${action}ed: ${e.event_id}`.replace("eed", "ed");
    draw();
  } catch (err) {
    document.getElementById("message").textContent = "Not saved: " + err.message;
  }
}

async function load() {
  const data = await api("/api/events?status=unreviewed&sort=confidence&limit=500");
  queue = data.events;
  at = 0;
  draw();
  document.body.dataset.loaded = "true";
}

document.addEventListener("keydown", (event) => {
  if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
  const e = queue[at];
  if (event.key === "j") { at = Math.min(at + 1, queue.length - 1); draw(); }
  else if (event.key === "k") { at = Math.max(at - 1, 0); draw(); }
  else if (event.key === "c") decide("confirm");
  else if (event.key === "x") decide("reject");
  else if ((event.key === "o" || event.key === "Enter") && e) location.href = "/event/" + encodeURIComponent(e.event_id);
});
load();
