"""CRAG's meetings (issue 19): invitations, attendance and quorum, the agenda drafted from what is
due, minutes and decisions written on their records, meeting actions, and the papers."""
