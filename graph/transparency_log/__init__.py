"""A public, append-only Merkle-tree log of issuance (RFC 9162 style)."""
