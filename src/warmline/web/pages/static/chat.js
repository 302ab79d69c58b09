// The customer web chat: one WebSocket (/ws/chat), history on (re)connect, resend of unechoed messages.
import {
  backoffDelay, citationsEl, el, shopCitationLabel, firstName, formatEta, formatTime, newId, placeChildren, wsUrl,
} from "./common.js";

const SESSION_KEY = "warmline.session";
const TYPING_TIMEOUT_MS = 8000;

const body = document.body;
const params = new URLSearchParams(location.search);
const embedded = params.get("embed") === "1";
const shopName = body.dataset.shopName || "the shop";
// {{BOT_NAME}} is the bot's file name (e.g. "demo-shop"); customers see the shop's own name.
const botName = `${shopName} assistant`;

const ui = {
  log: document.getElementById("log"),
  empty: document.getElementById("empty"),
  banner: document.getElementById("banner"),
  bannerText: document.getElementById("banner-text"),
  connection: document.getElementById("connection"),
  typing: document.getElementById("typing"),
  typingText: document.getElementById("typing-text"),
  form: document.getElementById("composer"),
  input: document.getElementById("composer-input"),
  send: document.getElementById("composer-send"),
};

const chat = {
  socket: null,
  attempt: 0,
  everConnected: false,
  messages: [], // server messages, in order
  pending: new Map(), // client_id → text, until the server echoes it back
  greeting: null, // the bot's greeting from the history frame: shown first, never stored
  state: "bot",
  assignee: null,
  etaMinutes: null,
  typingTimer: null,
  nodes: new Map(), // message key (client_id, else id) → its element, reused across renders
  rendered: false, // after the first render, new messages animate in
};

function sessionId() {
  let id = null;
  try {
    id = localStorage.getItem(SESSION_KEY);
    if (!id) {
      id = newId();
      localStorage.setItem(SESSION_KEY, id);
    }
  } catch {
    id = id || newId(); // storage blocked (third-party iframe): a session per page load
  }
  return id;
}

// ---------- rendering ----------

function authorLabel(message) {
  if (message.author === "staff") {
    const name = firstName(message.staff_name) || "Our team";
    return `${name} · ${message.staff_role || shopName}`;
  }
  if (message.author === "bot") return botName;
  return null;
}

function messageEl(message, { isNew = false } = {}) {
  const label = authorLabel(message);
  const classes = ["msg", `msg--${message.author}`];
  if (message.pending) classes.push("msg--pending");
  if (isNew) classes.push("msg--new");
  const choices = (message.choices || []).length
    ? el("div", { class: "choices", role: "group", "aria-label": "Quick replies" },
        message.choices.map((choice) => el("button", {
          class: "choice", type: "button", onclick: () => {
            sendText(choice);
            ui.input.focus(); // the clicked button is about to be re-rendered (disabled)
          },
        }, choice)))
    : null;
  const time = message.pending ? "Sending…" : formatTime(message.created_at);
  return el("div", {
    class: classes.join(" "),
    "data-id": message.id || "",
    "data-client-id": message.client_id || "",
    "data-author": message.author,
  },
  label ? el("p", { class: "msg__meta" }, label) : null,
  el("p", { class: "msg__bubble" }, message.text),
  message.author === "bot" ? citationsEl(message.citations, "msg__source", shopCitationLabel) : null,
  choices,
  time ? el("p", { class: "msg__time" }, time) : null);
}

/** A pending message of ours came back from the server: mark it sent, in place. */
function settle(node, message) {
  node.classList.remove("msg--pending");
  node.dataset.id = message.id || "";
  const time = node.querySelector(".msg__time");
  if (time) time.textContent = formatTime(message.created_at);
}

function render() {
  const stickToBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
  const echoed = new Set(chat.messages.map((m) => m.client_id).filter(Boolean));
  const local = [...chat.pending]
    .filter(([clientId]) => !echoed.has(clientId))
    .map(([clientId, text]) => ({ author: "customer", text, client_id: clientId, pending: true }));
  const greeting = chat.greeting ? [{ id: "greeting", author: "bot", text: chat.greeting }] : [];
  const all = [...greeting, ...chat.messages, ...local];
  const sameSpeaker = (a, b) => Boolean(a && b) && a.author === b.author
    && (a.author !== "staff" || a.staff_name === b.staff_name);
  const seen = new Map();
  const nodes = all.map((message, index) => {
    // Keyed by client_id first, so the echo of a pending message reuses (and settles) its node.
    const key = message.client_id || message.id;
    let node = chat.nodes.get(key);
    if (!node) node = messageEl(message, { isNew: chat.rendered });
    else if (!message.pending && node.classList.contains("msg--pending")) settle(node, message);
    // Runs of one speaker: the name shows on the first message, the time on the last.
    node.classList.toggle("msg--same", sameSpeaker(all[index - 1], message));
    node.classList.toggle("msg--cont", sameSpeaker(message, all[index + 1]));
    seen.set(key, node);
    return node;
  });
  chat.nodes = seen;
  chat.rendered = true;
  ui.empty.hidden = nodes.length > 0;
  placeChildren(ui.log, nodes, ui.empty);
  // Only the last message's choices are live; older ones stay visible but disabled.
  const last = nodes[nodes.length - 1];
  for (const button of ui.log.querySelectorAll(".choice")) {
    button.disabled = !last || !last.contains(button);
  }
  if (stickToBottom || nodes.length <= 1) ui.log.scrollTop = ui.log.scrollHeight;
}

function renderBanner() {
  const who = firstName(chat.assignee?.name) || "our team";
  let text = "";
  if (chat.state === "queued") {
    const eta = chat.etaMinutes ? `, usually ${formatEta(chat.etaMinutes)}` : "";
    text = `Waiting for ${who}${eta}`;
  } else if (chat.state === "with_human") {
    text = `${who.charAt(0).toUpperCase()}${who.slice(1)} is looking at this`;
  }
  const stickToBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
  ui.banner.hidden = !text;
  ui.banner.classList.toggle("banner--queued", chat.state === "queued");
  ui.bannerText.textContent = text;
  if (stickToBottom) ui.log.scrollTop = ui.log.scrollHeight;
}

function showTyping(text) {
  clearTimeout(chat.typingTimer);
  ui.typingText.textContent = text;
  ui.typing.hidden = false;
  chat.typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
}

function hideTyping() {
  clearTimeout(chat.typingTimer);
  ui.typing.hidden = true;
}

function showConnection(text) {
  ui.connection.textContent = text || "";
  ui.connection.hidden = !text;
}

// ---------- protocol ----------

function applyState(frame) {
  chat.state = frame.state || chat.state;
  chat.assignee = frame.assignee ?? null;
  // eta_minutes is optional in the protocol: without it the banner leaves the time out.
  chat.etaMinutes = frame.eta_minutes ?? (chat.state === "queued" ? chat.etaMinutes : null);
  renderBanner();
}

function addMessage(message) {
  if (message.id && chat.messages.some((m) => m.id === message.id)) return;
  chat.messages.push(message);
  if (message.client_id) chat.pending.delete(message.client_id);
  if (message.author !== "customer") hideTyping();
  render();
}

const handlers = {
  history(frame) {
    chat.messages = frame.messages || [];
    chat.greeting = frame.greeting || null;
    ui.log.dataset.conversationId = frame.conversation_id || "";
    for (const message of chat.messages) {
      if (message.client_id) chat.pending.delete(message.client_id);
    }
    applyState(frame);
    render();
    // Anything we sent that the server never echoed is sent again (the server dedupes on client_id).
    for (const [clientId, text] of chat.pending) transmit(clientId, text);
  },
  message(frame) {
    addMessage(frame.message);
  },
  state(frame) {
    applyState(frame);
  },
  typing(frame) {
    const name = frame.author === "staff" ? firstName(frame.name) || "Our team" : botName;
    showTyping(`${name} is typing…`);
  },
  error(frame) {
    showConnection(frame.error || "Something went wrong.");
    setTimeout(() => showConnection(""), 5000);
  },
};

function connect() {
  const query = new URLSearchParams({ session_id: sessionId() });
  if (params.get("name")) query.set("name", params.get("name"));
  const socket = new WebSocket(wsUrl(`/ws/chat?${query}`));
  chat.socket = socket;
  showConnection(chat.everConnected ? "Reconnecting…" : "Connecting…");
  socket.addEventListener("open", () => {
    chat.attempt = 0;
    chat.everConnected = true;
    showConnection("");
  });
  socket.addEventListener("message", (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    handlers[frame.type]?.(frame);
  });
  socket.addEventListener("close", () => {
    if (chat.socket !== socket) return;
    chat.socket = null;
    showConnection("Reconnecting…");
    setTimeout(connect, backoffDelay(chat.attempt++));
  });
}

function transmit(clientId, text) {
  if (chat.socket?.readyState !== WebSocket.OPEN) return false;
  chat.socket.send(JSON.stringify({ type: "message", text, client_id: clientId }));
  return true;
}

function sendText(text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  const clientId = newId();
  chat.pending.set(clientId, trimmed);
  render();
  transmit(clientId, trimmed); // when offline it goes out after the next history frame
  if (chat.state === "bot" || chat.state === "resolved") showTyping(`${botName} is typing…`);
}

// ---------- composer ----------

function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = `${Math.min(ui.input.scrollHeight, 160)}px`;
  ui.send.disabled = ui.input.value.trim() === "";
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  sendText(ui.input.value);
  ui.input.value = "";
  autosize();
  ui.input.focus();
});

ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.input.addEventListener("input", autosize);

if (embedded) {
  body.classList.add("embed");
  // The widget lives in the parent page: let Escape inside the iframe close its panel.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") window.parent.postMessage({ type: "warmline:close" }, "*");
  });
  // The widget asks for focus when it opens the panel, so keyboard users land in the composer.
  window.addEventListener("message", (event) => {
    if (event.source === window.parent && event.data?.type === "warmline:focus") ui.input.focus();
  });
}

autosize();
renderBanner();
connect();
if (!embedded || document.hasFocus()) ui.input.focus();
