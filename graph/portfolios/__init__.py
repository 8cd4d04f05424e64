"""Portfolio pages: a learner's learning story."""
