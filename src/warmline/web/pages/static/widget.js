// Warmline chat widget: paste
//   <script src="https://YOUR-WARMLINE/static/widget.js" defer></script>
// into a page to get a floating chat button that opens the shop's Warmline chat in a panel.
// Options (data- attributes on the script tag): data-position="right|left", data-title, data-color.
// Everything lives in a shadow root so the shop's CSS and ours cannot collide. See docs/widget.md.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.__warmlineWidget) return;
  window.__warmlineWidget = true;

  const origin = new URL(script.src, location.href).origin;
  const side = script.dataset.position === "left" ? "left" : "right";
  const title = script.dataset.title || "Chat with us";
  const wanted = script.dataset.color || "";
  const color = wanted && window.CSS && CSS.supports("color", wanted) ? wanted : "#a63f22";

  const host = document.createElement("div");
  host.setAttribute("data-warmline-widget", "");
  const root = host.attachShadow({ mode: "open" });

  const style = document.createElement("style");
  style.textContent = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .launcher, .panel { position: fixed; ${side}: 20px; z-index: 2147483000; font: 15px/1.4 system-ui, sans-serif; }
    .launcher {
      bottom: 20px; width: 60px; height: 60px; border: 0; border-radius: 50%;
      background: ${color}; color: #fff; cursor: pointer;
      display: grid; place-items: center;
      box-shadow: 0 6px 20px rgb(0 0 0 / 0.25);
      transition: transform 0.15s ease;
    }
    .launcher:hover { transform: scale(1.05); }
    .launcher:focus-visible, .close:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 3px; }
    .launcher svg { width: 28px; height: 28px; }
    .panel {
      bottom: 92px; width: min(380px, calc(100vw - 40px)); height: min(620px, calc(100vh - 120px));
      display: flex; flex-direction: column; overflow: hidden;
      border-radius: 18px; background: #fff; box-shadow: 0 12px 40px rgb(0 0 0 / 0.28);
    }
    .panel[hidden] { display: none; }
    .bar { display: flex; align-items: center; gap: 8px; padding: 12px 12px 12px 18px; background: ${color}; color: #fff; }
    .bar h2 { margin: 0 auto 0 0; font-size: 16px; font-weight: 700; }
    .close {
      width: 36px; height: 36px; border: 0; border-radius: 50%;
      background: rgb(255 255 255 / 0.18); color: #fff; font-size: 20px; line-height: 1; cursor: pointer;
    }
    iframe { flex: 1; width: 100%; border: 0; }
    @media (prefers-reduced-motion: reduce) { .launcher { transition: none; } }
  `;

  const chatIcon = '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 3C6.5 3 2 6.7 2 11.3c0 2.4 1.2 4.6 3.2 6.1L4.4 21l4-2.1c1.1.3 2.3.5 3.6.5 5.5 0 10-3.7 10-8.2S17.5 3 12 3z"/></svg>';

  const panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "warmline-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);

  const bar = document.createElement("div");
  bar.className = "bar";
  const heading = document.createElement("h2");
  heading.textContent = title;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.setAttribute("aria-label", "Close chat");
  close.textContent = "×";
  bar.append(heading, close);
  panel.append(bar);

  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("aria-label", title);
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", panel.id);
  launcher.innerHTML = chatIcon; // a constant, never user text

  let frame = null;
  const focusChat = () => frame.contentWindow?.postMessage({ type: "warmline:focus" }, origin);

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = title;
      frame.src = `${origin}/?embed=1`;
      frame.addEventListener("load", focusChat);
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
    focusChat();
  }

  function shut() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : shut()));
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") shut();
  });
  // Escape pressed inside the chat iframe arrives as a message from it.
  window.addEventListener("message", (event) => {
    if (event.origin === origin && event.data && event.data.type === "warmline:close") shut();
  });

  root.append(style, panel, launcher);
  (document.body || document.documentElement).append(host);
})();
