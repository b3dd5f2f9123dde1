"""The request path's speed layer: statements built once (statements, write_statements), the
view's first read joined to the credential's (read_along), sessions decoded from a kept copy
(sessions), CSRF masks from one random draw (csrf_tokens), bounded per-process notes (noted),
and bearer-token API requests routed past the browser's middleware (token_requests)."""
