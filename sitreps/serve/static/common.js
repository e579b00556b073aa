// Shared helpers. Every text from the data goes into the page through textContent or
// attributes, never as HTML, so an article's markup is shown and never run.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const TYPES = Object.keys(TYPE_COLOURS);

function colourOf(type) { return TYPE_COLOURS[type] || "#7f7f7f"; }

// el("a", {href: "/x", class: "y"}, "text", otherNode)
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "style") node.style.cssText = value;  // CSSOM: allowed by the CSP
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

async function api(path, options) {
  const opts = Object.assign({headers: {}}, options || {});
  const token = localStorage.getItem("sitreps-token");
  if (token) opts.headers["Authorization"] = "Bearer " + token;
  if (opts.json !== undefined) {
    opts.body = JSON.stringify(opts.json);
    opts.headers["Content-Type"] = "application/json";
  }
  let response = await fetch(path, opts);
  if (response.status === 401 && opts.method && opts.method !== "GET") {
    const given = prompt("This server asks for its token to save changes:");
    if (given) {
      localStorage.setItem("sitreps-token", given);
      return api(path, options);
    }
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    throw new Error(response.status + ": " + detail);
  }
  return body;
}

function figure(f) {
  if (!f || f.best === null || f.best === undefined) return "";
  return (f.high === null && f.low !== null ? "≥" : "") + f.best;
}

function where(e) {
  return [e.location, e.admin2 !== e.location ? e.admin2 : null, e.admin1, e.country]
    .filter(Boolean).join(", ");
}

function actors(e) { return [e.actor1, e.actor2].filter(Boolean).join(" vs "); }

function reviewStatus(e) { return (e.review && e.review.status) || "unreviewed"; }

async function sendReview(eventId, action, changes, note) {
  return api("/api/events/" + encodeURIComponent(eventId),
             {method: "PATCH", json: {action, changes: changes || {}, note: note || ""}});
}

function typing(event) {
  const t = event.target;
  return t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
}
