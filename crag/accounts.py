"""django-allauth adapter: accounts are made by Partnership admins, never by sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No public sign-up for a system holding special category data."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
