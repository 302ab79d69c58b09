// The dashboard page. With no admin token configured the server sends it complete and this script only
// keeps the period form tidy; with a token, it fetches the server-rendered figures with the token the
// staff inbox uses (asking for it once per tab).
import { askToken, TOKEN_KEY } from "./common.js";

const $ = (id) => document.getElementById(id);

function showError(text) {
  const alert = document.createElement("p");
  alert.className = "alert";
  alert.setAttribute("role", "alert");
  alert.textContent = text;
  $("board").replaceChildren(alert);
}

async function loadPanel() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    const response = await fetch(`/api/v1/dashboard/panel${window.location.search}`, { headers });
    if (response.status === 401) {
      await askToken(token ? "That token was not accepted. Try again." : "");
      continue;
    }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      const detail = data && data.detail;
      const text = (detail && detail.error) || `${response.status} ${response.statusText}`;
      showError(detail && detail.field ? `${text} (${detail.field})` : text);
      return;
    }
    $("board").innerHTML = await response.text(); // our own server's HTML, escaped when it was rendered
    tidyForm();
    return;
  }
  showError("The admin token was not accepted.");
}

// Choosing a period clears the dates, and typing a date switches the period to "custom": the form then
// sends one clear choice rather than both.
function tidyForm() {
  const form = document.querySelector("form.period");
  if (!form) return;
  const days = form.elements.days;
  const dates = [form.elements.since, form.elements.until];
  days.addEventListener("change", () => { if (days.value) dates.forEach((input) => { input.value = ""; }); });
  dates.forEach((input) => input.addEventListener("change", () => {
    if (!input.value) return;
    if (![...days.options].some((o) => o.value === "")) days.add(new Option("Custom dates", ""), 0);
    days.value = "";
  }));
}

if (document.querySelector(".panel[data-loaded]")) tidyForm();
else if ($("panel-loading")) loadPanel();
