"""Connected apps: the consent screen's question and the apps a learner let in."""
