"""Claims, endorsements, review, issuance, badges (assertions) and curation."""
