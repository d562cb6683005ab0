"""The register of external reviews (issue 20): reviews from outside the partnership, the local
response to each, and their recommendations and actions on the one action plan."""
