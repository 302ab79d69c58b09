// The staff inbox's context panel: who the customer is, why it was handed off, what the knowledge base
// says, and a suggested reply. Pure rendering of a conversation detail (GET /api/v1/staff/conversations/{id}).
import { citationsEl, el } from "./common.js";

const formatDate = (iso) => new Date(iso).toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
const formatMoney = (value) => Number(value).toLocaleString([], { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const present = (value) => value !== null && value !== undefined && value !== "";

function section(title, ...content) {
  return el("section", { class: "ctx-section" }, el("h3", {}, title), ...content);
}

function customerSection(customer, context, staffName) {
  const paid = customer.payments_on_time || customer.payments_late
    ? `${customer.payments_on_time} on time, ${customer.payments_late} late` : null;
  const facts = [
    ["Customer since", customer.customer_since && formatDate(customer.customer_since)],
    ["Orders", customer.orders_count],
    ["Value", customer.lifetime_value ? formatMoney(customer.lifetime_value) : null],
    ["Payments", paid],
    ["Tier", customer.tier],
    ["Account owner", customer.account_owner && staffName(customer.account_owner)],
  ].filter(([, value]) => present(value));
  const contact = [customer.email, customer.phone].filter(Boolean).join(" · ");
  const identities = customer.identities || [];
  return section("Customer", el("div", { class: "ctx-card" },
    el("p", { class: "ctx-name" }, customer.name || "Guest"),
    contact ? el("p", { class: "ctx-text" }, contact) : null,
    facts.length ? el("dl", { class: "ctx-facts" },
      facts.flatMap(([label, value]) => [el("dt", {}, label), el("dd", {}, String(value))])) : null,
    context.customer_summary.length ? el("ul", { class: "ctx-list ctx-gap" },
      context.customer_summary.map((line) => el("li", {}, line))) : null,
    identities.length ? el("div", { class: "ctx-tags ctx-gap", "aria-label": "Identities" },
      identities.map((i) => el("span", { class: "badge" }, `${i.channel} · ${i.external_id}`))) : null));
}

const formatTime = (iso) => new Date(iso).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" });

/** Replies that could not be delivered: kept for staff, never dropped (the platform refused, or kept failing). */
function parkedSection(parked, onRetry) {
  return section("Not delivered", el("ul", { class: "ctx-list ctx-parked" }, parked.map((item) => {
    const retry = el("button", { type: "button", class: "btn btn-small", "data-delivery-id": item.id }, "Send again");
    retry.addEventListener("click", () => onRetry(item.id));
    return el("li", {}, el("span", {}, `“${item.text}”`),
      el("span", { class: "ctx-note" }, ` ${item.channel} · ${item.attempts} attempt(s) · ${item.last_error || "failed"} `),
      onRetry ? retry : null);
  })));
}

/** What the customer was promised (the bot's ETAs, staff commitments), when, and whether it was kept. */
function promisesSection(promises, staffName) {
  const label = { open: "open", kept: "kept", broken: "broken" };
  return section("Promises", el("ul", { class: "ctx-list ctx-promises" }, promises.map((p) =>
    el("li", { class: `ctx-promise ctx-promise--${p.status}` },
      el("span", { class: "badge" }, label[p.status] || p.status), " ",
      el("span", {}, p.text), " ",
      el("span", { class: "ctx-note" }, `due ${formatTime(p.due_at)} · ${p.owner_name || staffName(p.owner_id)}`
        + (p.nudged_at && p.status === "open" ? " · reminded" : ""))))));
}

/** The customer's latest orders from the shop's systems: number, where it is, what, total, tracking; the
 * order the conversation is about is marked, with whether the customer proved it is theirs. */
function ordersSection(orders, about) {
  return section("Orders", el("ul", { class: "ctx-list ctx-orders" }, orders.map((o) => {
    const what = (o.items || []).map((i) => i.title + (i.variant ? ` (${i.variant})` : "")).join(", ");
    const when = o.created_at ? formatDate(o.created_at) : "";
    const track = o.tracking_url ? el("a", { href: o.tracking_url, target: "_blank", rel: "noopener" }, o.carrier || "tracking") : null;
    const isAbout = about && about.number === o.number.replace(/^#/, "").replace(/\s/g, "").toUpperCase();
    const mark = isAbout ? el("span", { class: "badge ctx-about" },
      about.verified ? "this conversation · verified" : "this conversation · not verified") : null;
    return el("li", { class: "ctx-order", "data-order": o.number },
      el("span", { class: "badge" }, o.stage), " ", el("strong", {}, o.number), " ", mark, mark ? " " : null,
      el("span", { class: "ctx-note" }, `${when} · ${formatMoney(o.total)} ${o.currency}${o.paid_late ? " · paid late" : ""}`),
      what ? el("div", { class: "ctx-text" }, what) : null, track);
  })));
}

/** The handoff context in the protocol's shape (also reads the handoff packet's own field names). */
function normalizedContext(raw = {}) {
  const wants = Array.isArray(raw.wants) ? raw.wants.join(" ") : raw.wants;
  return {
    customer_summary: raw.customer_summary || raw.customer_lines || [],
    summary: raw.summary || wants || "",
    reasons: raw.reasons || [],
    identifiers: raw.identifiers || [],
    knowledge: (raw.knowledge || []).map((k) => (typeof k === "string" ? { text: k, citation: null } : k)),
    suggested_reply: raw.suggested_reply || null,
  };
}

/** The panel's sections for one conversation; ``onSuggestion(text)`` runs when the suggestion is picked,
 * ``onRetry(deliveryId)`` when staff send an undelivered reply again (after fixing the cause). */
export function contextSections(detail, { staffName, onSuggestion, onRetry }) {
  const context = normalizedContext(detail.context);
  const parts = [customerSection(detail.customer || {}, context, staffName)];
  if ((detail.parked || []).length) parts.unshift(parkedSection(detail.parked, onRetry));
  if ((detail.orders || []).length) parts.push(ordersSection(detail.orders, detail.about_order));
  if ((detail.promises || []).length) parts.push(promisesSection(detail.promises, staffName));
  if (context.reasons.length) {
    parts.push(section("Why it was handed off",
      el("ul", { class: "ctx-list" }, context.reasons.map((reason) => el("li", {}, reason)))));
  }
  if (context.summary) parts.push(section("Summary", el("p", { class: "ctx-text" }, context.summary)));
  if (context.identifiers.length) {
    parts.push(section("Identifiers",
      el("div", { class: "ctx-tags" }, context.identifiers.map((id) => el("span", { class: "badge" }, id)))));
  }
  if (context.knowledge.length) {
    parts.push(section("What the knowledge base says", el("ul", { class: "ctx-kb" }, context.knowledge.map((k) =>
      el("li", {}, el("span", {}, k.text), citationsEl(k.citation ? [k.citation] : []))))));
  }
  if (context.suggested_reply) {
    parts.push(section("Suggested reply", el("button", {
      type: "button", class: "ctx-suggest", onclick: () => onSuggestion(context.suggested_reply),
    }, context.suggested_reply, el("span", { class: "ctx-suggest__hint" }, "Use this reply"))));
  }
  return parts;
}
