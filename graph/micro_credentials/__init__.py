"""EU micro-credential elements (Council Recommendation 2022, Annex I) on official classes."""
