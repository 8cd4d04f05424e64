"""People: profiles, local accounts, sessions, external identities, their own record."""
