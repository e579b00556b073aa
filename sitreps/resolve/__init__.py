"""Stage 5, resolving: place names to gazetteer places, in the context of the article."""
