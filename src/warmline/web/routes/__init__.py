"""HTTP and WebSocket routes: small routers that translate requests to services and back."""
