"""Agencies' contributions to Rapid Reviews and reviews (issue 18): requests for returns with
their clock and chasing, agencies' own returns, and the merged multi-agency chronology."""
