"""Peer assessment across the network: the issuer's consent, submissions, reviewers, reviews."""
