// The staff inbox: the roster, the conversation list, one open conversation with its context, and
// the actions (claim, reply, resolve, hand back). JSON over /api/v1/staff; live nudges from /ws/staff.
import {
  backoffDelay, citationsEl, el, formatEta, formatTime, placeChildren, timeAgo, wsUrl,
} from "./common.js";
import { contextSections } from "./staff-context.js";

const SIGN_IN = "/staff/signin?next=/staff";
const $ = (id) => document.getElementById(id);

const inbox = {
  me: "", // the signed-in person's id (from /api/v1/staff/me): every action is theirs
  role: "",
  csrf: "", // sent back in X-CSRF-Token on every action
  roster: [],
  filter: "mine",
  openId: null,
  detail: null,
  drawnList: "", // the list as last drawn (JSON), so an unchanged reload draws nothing
  busy: false,
  wsAttempt: 0,
  refreshTimer: null,
  messageNodes: new Map(), // message id → its transcript element, for the open conversation
};

// ---------- API ----------

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = inbox.csrf;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) { // the session ran out or was ended: sign in again
    window.location.assign(SIGN_IN);
    throw new Error("Signed out");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = data && data.detail;
    const text = (detail && (detail.error || (typeof detail === "string" ? detail : null)))
      || `${response.status} ${response.statusText}`;
    throw new Error(detail && detail.field ? `${text} (${detail.field})` : text);
  }
  return data;
}

async function loadMe() {
  const me = await api("GET", "/api/v1/staff/me");
  Object.assign(inbox, { me: me.id, role: me.role, csrf: me.csrf_token });
  $("me").textContent = `${me.name} · ${me.role}`;
  $("me").dataset.id = me.id;
  $("signout-csrf").value = me.csrf_token;
}

// ---------- roster and list ----------

async function loadRoster() {
  inbox.roster = await api("GET", "/api/v1/staff/roster");
}

function staffName(id) {
  return inbox.roster.find((member) => member.id === id)?.name || id;
}

function listQuery() {
  const query = new URLSearchParams();
  if (inbox.filter === "mine") {
    if (!inbox.me) return null;
    query.set("assignee", inbox.me);
    query.append("state", "queued");
    query.append("state", "with_human");
  } else if (inbox.filter === "queued") {
    query.set("state", "queued");
  }
  return query;
}

const AUTHOR_LABELS = { bot: "Bot", staff: "Staff", system: "Note" };
const STATE_LABELS = { bot: "Bot", queued: "Queued", with_human: "With a person", resolved: "Resolved" };
const statePill = (state) => el("span", { class: `pill pill--${state}` }, STATE_LABELS[state] || state);

function convItem(conv) {
  const last = conv.last_message;
  const current = conv.conversation_id === inbox.openId;
  return el("li", {}, el("button", {
    type: "button", class: "conv", "aria-current": current ? "true" : "false",
    "data-conversation-id": conv.conversation_id, onclick: () => openConversation(conv.conversation_id),
  },
  el("span", { class: "conv__top" },
    el("span", { class: "conv__name" }, conv.customer?.name || "Guest"),
    el("span", { class: "conv__time" }, timeAgo(conv.updated_at))),
  el("span", { class: "conv__text" }, last ? `${last.author === "customer" ? "" : `${AUTHOR_LABELS[last.author] || last.author}: `}${last.text}` : ""),
  el("span", { class: "conv__tags" },
    statePill(conv.state),
    el("span", { class: "badge badge--channel" }, conv.channel),
    conv.urgent ? el("span", { class: "badge badge--urgent" }, "Urgent") : null,
    conv.assignee ? el("span", { class: "badge" }, conv.assignee.name) : null,
    conv.promise_due_at && conv.state === "queued" ? el("span", { class: "badge", title: "Promised reply by" }, `due ${formatTime(conv.promise_due_at)}`) : null,
    conv.eta_minutes && conv.state === "queued" ? el("span", { class: "badge", title: "Expected wait" }, formatEta(conv.eta_minutes)) : null,
    (conv.handoff_reasons || []).slice(0, 2).map((reason) => el("span", { class: "pill pill--reason" }, reason)))));
}

async function loadList() {
  const query = listQuery();
  const convs = query ? await api("GET", `/api/v1/staff/conversations?${query}`) : [];
  // Live updates reload the list often; redrawing an unchanged list would swallow a click that lands
  // mid-redraw (pressed on the old item, released on the new one) and lose focus and scroll for nothing.
  const drawn = JSON.stringify(convs);
  if (drawn !== inbox.drawnList) {
    inbox.drawnList = drawn;
    const focused = document.activeElement?.closest?.(".conv")?.dataset.conversationId;
    $("convs").replaceChildren(...convs.map(convItem));
    if (focused) document.querySelector(`.conv[data-conversation-id="${CSS.escape(focused)}"]`)?.focus();
  }
  $("convs-empty").hidden = convs.length > 0;
  $("convs-empty").textContent = query ? "Nothing here right now." : "Choose your name (top right) to see your conversations.";
}

// ---------- the open conversation ----------

// A comment under a post: which post, so the answer fits what the customer was looking at.
function postEl(post) {
  const label = post.media_type ? `Comment on a post (${post.media_type})` : "Comment on a post";
  const target = post.permalink
    ? el("a", { href: post.permalink, target: "_blank", rel: "noopener" }, post.caption || post.permalink)
    : el("span", {}, post.caption || post.post_id);
  return el("p", { class: "msg__post" }, `${label}: `, target);
}

function transcriptMessage(message, detail) {
  const who = { customer: detail.customer?.name || "Customer", bot: "Bot", system: "Note" }[message.author]
    || message.staff_name || "Staff";
  return el("div", { class: `msg msg--${message.author}`, "data-id": message.id },
    el("p", { class: "msg__meta" }, who, el("span", { class: "badge badge--channel" }, message.channel || detail.channel)),
    message.post ? postEl(message.post) : null,
    el("p", { class: "msg__bubble" }, message.text),
    citationsEl(message.citations),
    (message.choices || []).length ? el("p", { class: "msg__choices" }, `Offered: ${message.choices.join(" · ")}`) : null,
    el("p", { class: "msg__time" }, formatTime(message.created_at)));
}

function renderContext(detail) {
  $("context").replaceChildren(...contextSections(detail, {
    staffName, onSuggestion: useSuggestion, onRetry: (id) => act(`deliveries/${encodeURIComponent(id)}/retry`),
  }));
  $("context").hidden = false;
}

function useSuggestion(text) {
  $("reply-input").value = text;
  $("reply-input").focus();
}

function permissions(detail) {
  const mine = detail.assignee?.id === inbox.me;
  const { state } = detail;
  if (!inbox.me) return { hint: "Loading who you are…" };
  const open = state === "queued" || (state === "with_human" && mine);
  let hint = "";
  if (state === "with_human" && !mine) hint = `${detail.assignee?.name || "Someone else"} has this conversation.`;
  else if (state === "bot") hint = "The bot is handling this. Claim it to reply yourself.";
  else if (state === "resolved") hint = "Resolved. Claim it to write to the customer again.";
  else if (state === "queued") hint = "Replying claims the conversation for you. Ctrl+Enter sends.";
  else hint = "Ctrl+Enter sends.";
  // Teaching needs an answer from the team to learn from, whatever the state now.
  const answered = (detail.messages || []).some((m) => m.author === "staff");
  return { claim: ["queued", "bot", "resolved"].includes(state), reply: open, resolve: open, handback: open, teach: answered, hint };
}

function renderActions() {
  const detail = inbox.detail;
  const can = detail ? permissions(detail) : {};
  for (const action of ["claim", "resolve", "handback", "teach"]) $(action).disabled = inbox.busy || !can[action];
  const yours = detail && detail.state === "with_human" && detail.assignee?.id === inbox.me;
  $("claim").textContent = yours ? "Claimed" : "Claim";
  $("reply-input").disabled = !can.reply;
  $("reply-send").disabled = inbox.busy || !can.reply;
  $("reply-hint").textContent = can.hint || "";
}

function renderThread(detail) {
  inbox.detail = detail;
  $("placeholder").hidden = true;
  $("thread-body").hidden = false;
  $("thread-title").textContent = detail.customer?.name || "Guest";
  $("thread-meta").replaceChildren(statePill(detail.state), el("span", { class: "badge badge--channel" }, detail.channel),
    detail.assignee ? el("span", {}, `Assigned to ${detail.assignee.name}`) : el("span", {}, "Unassigned"));
  const transcript = $("transcript");
  const follow = transcript.dataset.for !== detail.conversation_id
    || transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 60;
  // Messages never change once written: keep their nodes, so the live region announces only new ones.
  const known = transcript.dataset.for === detail.conversation_id ? inbox.messageNodes : new Map();
  inbox.messageNodes = new Map((detail.messages || []).map((m) => [m.id, known.get(m.id) || transcriptMessage(m, detail)]));
  placeChildren(transcript, [...inbox.messageNodes.values()]);
  transcript.dataset.for = detail.conversation_id;
  renderContext(detail);
  renderActions();
  // Scroll last: the context panel appearing narrows the transcript and makes it taller.
  if (follow) transcript.scrollTop = transcript.scrollHeight;
}

function showError(message) {
  $("alert").textContent = message || "";
  $("alert").hidden = !message;
}

function showNotice(message) {
  $("notice").textContent = message || "";
  $("notice").hidden = !message;
}

async function openConversation(id) {
  if (id !== inbox.openId) $("reply-input").value = "";
  if (id !== inbox.openId) showNotice("");
  inbox.openId = id;
  showError("");
  for (const item of document.querySelectorAll(".conv")) {
    item.setAttribute("aria-current", item.dataset.conversationId === id ? "true" : "false");
  }
  try {
    renderThread(await api("GET", `/api/v1/staff/conversations/${encodeURIComponent(id)}`));
  } catch (error) {
    showError(error.message);
  }
}

async function act(action, body) {
  if (!inbox.openId) return;
  inbox.busy = true;
  renderActions();
  showError("");
  try {
    const path = `/api/v1/staff/conversations/${encodeURIComponent(inbox.openId)}/${action}`;
    const result = await api("POST", path, body || {});
    if (action === "reply") $("reply-input").value = "";
    if (action === "teach" && result.learned) {
      showNotice(`Added to knowledge: “${result.learned.question}” (${result.learned.source}). The bot answers it from now on.`);
    }
    inbox.busy = false;
    if (result && result.conversation_id) renderThread(result);
    else await openConversation(inbox.openId);
    await loadList();
  } catch (error) {
    // The action did not fit the conversation any more (e.g. someone else claimed it): show why,
    // and show the conversation as it is now.
    inbox.busy = false;
    await refreshOpen().catch(() => {});
    showError(error.message);
  } finally {
    inbox.busy = false;
    renderActions();
  }
}

async function refreshOpen() {
  if (!inbox.openId) return;
  renderThread(await api("GET", `/api/v1/staff/conversations/${encodeURIComponent(inbox.openId)}`));
}

// ---------- live updates ----------

function scheduleRefresh(conversationId) {
  clearTimeout(inbox.refreshTimer);
  const openChanged = conversationId === inbox.openId;
  inbox.refreshTimer = setTimeout(async () => {
    try {
      await loadList();
      if (openChanged || conversationId === null) await refreshOpen();
    } catch (error) {
      showError(error.message);
    }
  }, 150);
}

let liveSocket = null;
function connectLive() {
  if (liveSocket) liveSocket.close();
  // The browser sends the session cookie with the handshake; the socket only tells, it never acts.
  const socket = new WebSocket(wsUrl("/ws/staff"));
  liveSocket = socket;
  const setLive = (on, text) => {
    $("live").classList.toggle("live--on", on);
    $("live-text").textContent = text;
  };
  socket.addEventListener("open", () => {
    inbox.wsAttempt = 0;
    setLive(true, "Live");
    scheduleRefresh(null); // catch up on anything missed while disconnected
  });
  socket.addEventListener("message", (event) => {
    try {
      const frame = JSON.parse(event.data);
      if (frame.type === "conversation") scheduleRefresh(frame.conversation_id);
    } catch { /* not ours */ }
  });
  socket.addEventListener("close", () => {
    if (liveSocket !== socket) return;
    setLive(false, "Reconnecting…");
    setTimeout(connectLive, backoffDelay(inbox.wsAttempt++));
  });
}

// ---------- wiring ----------


for (const button of document.querySelectorAll(".filter")) {
  button.addEventListener("click", () => {
    inbox.filter = button.dataset.filter;
    for (const other of document.querySelectorAll(".filter")) other.setAttribute("aria-pressed", String(other === button));
    loadList().catch((error) => showError(error.message));
  });
}

$("claim").addEventListener("click", () => act("claim"));
// Resolving keeps no promise by itself: staff say which of their own commitments really happened.
function openCommitments(detail) {
  return (detail?.promises || []).filter((p) => p.source === "staff" && p.status === "open");
}

function askWhichWereKept(commitments) {
  const dialog = $("resolve-dialog");
  $("resolve-promises").replaceChildren(...commitments.map((p) => el("label", {},
    el("input", { type: "checkbox", name: "done", value: p.id }),
    el("span", {}, `${p.owner_name || staffName(p.owner_id)}: “${p.text}” (due ${formatTime(p.due_at)})`))));
  return new Promise((resolve) => {
    const finish = (done) => { dialog.close(); resolve(done); };
    $("resolve-cancel").onclick = () => finish(null);
    dialog.oncancel = () => resolve(null);
    $("resolve-form").onsubmit = (event) => {
      event.preventDefault();
      finish([...$("resolve-promises").querySelectorAll("input:checked")].map((input) => input.value));
    };
    dialog.showModal();
  });
}

$("resolve").addEventListener("click", async () => {
  const commitments = openCommitments(inbox.detail);
  const done = commitments.length ? await askWhichWereKept(commitments) : [];
  if (done !== null) act("resolve", { done });
});
$("handback").addEventListener("click", () => act("handback"));
$("teach").addEventListener("click", () => act("teach"));
$("reply").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("reply-input").value.trim();
  if (text) act("reply", { text });
});
$("reply-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("reply").requestSubmit();
});

async function start() {
  try {
    await loadMe();
    await loadRoster();
    await loadList();
  } catch (error) {
    $("convs-empty").hidden = false;
    $("convs-empty").textContent = `Could not load the inbox: ${error.message}`;
  }
  connectLive();
}

start();
