"""The owner's dashboard as a page: SVG charts drawn on the server, and the same figures as JSON."""
