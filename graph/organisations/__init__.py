"""Universities and the organisations they approve as issuers, and their members."""
