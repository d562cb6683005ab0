"""Referrals (issue 19): an agency refers a case; CRAG screens it within its clock; a notifiable
one becomes an incident, any other is routed with its reason."""
