"""Stage 4, attaching: actors, places, dates, casualty figures and claims to a mention."""
