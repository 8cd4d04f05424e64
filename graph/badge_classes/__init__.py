"""Badge classes (achievements): criteria, alignments, policy, rubric, pathways, consent."""
