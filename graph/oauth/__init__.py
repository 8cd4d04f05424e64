"""OAuth 2.0 for the OB 3.0 API: registered clients, learners' grants, codes and tokens."""
