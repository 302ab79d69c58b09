"""Browser tests: the web chat, the staff inbox and the widget in headless Chromium."""
