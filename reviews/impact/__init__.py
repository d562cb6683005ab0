"""Learning into practice (issue 20): resources sent to agencies, how each agency used them, and
the assurance activity that tests whether practice changed."""
