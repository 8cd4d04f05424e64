"""Applications to opportunities: applying, deciding, attendance."""
