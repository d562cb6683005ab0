"""The learning from reviews: events, resources and commendations."""
