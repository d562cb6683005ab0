"""django-allauth's URLs, less the self-service email management CRAG does not offer.

A person's email address is their sign-in and is set by a Partnership admin; letting users add
or change addresses would let a hijacked session move the account elsewhere.
"""

from allauth.account import urls as account_urls
from django.urls import include, path

EXCLUDED = frozenset({"account_email", "account_email_verification_sent", "account_confirm_email"})

urlpatterns = [
    *(p for p in account_urls.urlpatterns if getattr(p, "name", None) not in EXCLUDED),
    path("2fa/", include("allauth.mfa.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
]
