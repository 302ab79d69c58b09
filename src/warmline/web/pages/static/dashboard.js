// The dashboard page arrives complete from the server (for a signed-in lead or owner); this script only
// keeps the period form tidy.
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

tidyForm();
