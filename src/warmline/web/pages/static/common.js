// Small helpers shared by the chat page and the staff inbox.
// Everything that shows text goes through textContent (never innerHTML): customer text is untrusted.

/** Build an element: el("p", {class: "x", onclick: fn, "aria-label": "y"}, "text", childNode…). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "disabled" || key === "hidden") node[key] = Boolean(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** "14:05" for today, "3 Mar, 14:05" otherwise. */
export function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString([], { day: "numeric", month: "short" })}, ${time}`;
}

/** "5 min ago", "2 h ago", "3 d ago". */
export function timeAgo(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return "";
  const minutes = Math.max(0, Math.round((Date.now() - date.getTime()) / 60000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 60 * 24) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

/** "Maya Lindqvist" → "Maya": customers are told a first name. */
export function firstName(name) {
  return (name || "").trim().split(/\s+/)[0] || "";
}

/** The citation as the customer sees it: "shipping.yaml › How long does shipping take?". */
export function citationLabel(citation) {
  return citation.title ? `${citation.source} › ${citation.title}` : citation.source;
}

/** The citation in the shop's own words, for customers: the question or page title, not the file. */
export function shopCitationLabel(citation) {
  return citation.title || citation.source;
}

/** "Source: a › b, c › d" with links where the knowledge has a URL; null when there are none.
 *  ``label`` picks the wording: the file and title for staff (default), ``shopCitationLabel`` for customers. */
export function citationsEl(citations, className = "msg__source", label = citationLabel) {
  if (!citations || citations.length === 0) return null;
  const parts = [];
  citations.forEach((citation, index) => {
    if (index > 0) parts.push(", ");
    const text = label(citation);
    const safeUrl = citation.url && /^https?:\/\//i.test(citation.url) ? citation.url : null;
    parts.push(safeUrl ? el("a", { href: safeUrl, target: "_blank", rel: "noopener noreferrer" }, text) : text);
  });
  return el("p", { class: className }, "Source: ", ...parts);
}

/** Reconnect delays from the protocol: 1 s, 2 s, 4 s … at most 15 s. */
export function backoffDelay(attempt) {
  return Math.min(15000, 1000 * 2 ** Math.max(0, attempt));
}

/** The ws:// or wss:// URL of a path on this page's own server. */
export function wsUrl(path) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/** A random id for a message or a session (crypto.randomUUID needs a secure context; fall back). */
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A wait as people say it: "~15 min", "~3 h", "~2 days". */
export function formatEta(minutes) {
  const m = Math.max(1, Math.round(Number(minutes) || 0));
  if (m < 90) return `~${m} min`;
  if (m < 48 * 60) return `~${Math.round(m / 60)} h`;
  return `~${Math.round(m / 1440)} days`;
}

/**
 * Make `container`'s children after `anchor` (or all of them) exactly `nodes`, in order, moving and
 * removing as little as possible. Live regions (role="log") then announce only what is really new.
 */
export function placeChildren(container, nodes, anchor = null) {
  let cursor = anchor ? anchor.nextSibling : container.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else container.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}
