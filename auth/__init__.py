"""Who is calling: access tokens, browser sessions, OpenID Connect, permissions."""
