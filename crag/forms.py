"""Forms of the core app."""

from typing import Any

from allauth.account import forms as account_forms
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base import forms as mfa_forms
from django import forms


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form without placeholders (GOV.UK: labels, not placeholder text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs["spellcheck"] = "false"
        # The template links to password reset beside the button.
        self.fields["password"].help_text = ""
        _name_required(self, {"login": "Enter your email address", "password": "Enter your password"})


def _name_required(form: forms.BaseForm, messages: dict[str, str]) -> None:
    """Give each named field a message that says what is missing (GOV.UK error messages), not
    Django's bare "This field is required."."""
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_required(
            self,
            {
                "oldpassword": "Enter your current password",
                "password1": "Enter a new password",
                "password2": "Enter the new password again",
            },
        )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_required(self, {"email": "Enter your email address"})


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_required(
            self, {"password1": "Enter a new password", "password2": "Enter the new password again"}
        )


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_required(self, {"password": "Enter your password"})


class MFAReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_required(self, {"code": "Enter the code from your authenticator app"})
