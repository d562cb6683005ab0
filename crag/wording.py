"""Small rules of English for words the pages build from records."""


def possessive(name: str) -> str:
    """ "Police's", but "Children's Services'": a name ending in s takes the apostrophe alone."""
    return f"{name}'" if name.lower().endswith("s") else f"{name}'s"
