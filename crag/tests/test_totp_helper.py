"""The tests' authenticator code stays good for as long as a real app's (issue 12, item 15).

The helper used to compute the previous 30-second step's code, which the server accepts only until
the current step ends: anything from 30 seconds down to none. On a loaded machine the seconds
between computing the code and the server checking it crossed a step boundary often enough for a
browser journey to be told "Incorrect code" and then wait in vain for the dashboard.
"""

import time

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from conftest import give_totp, totp_code
from crag import roles

STEP = 30


def accepted(user, code):
    return TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)).validate_code(code)


def test_a_code_read_just_before_a_step_ends_is_still_accepted_29_seconds_into_the_next(make_user):
    user = make_user(roles.CRAG_MEMBER)
    give_totp(user)
    step_ends = (int(time.time()) // STEP + 1) * STEP

    with time_machine.travel(step_ends - 0.5, tick=False):
        code = totp_code(user)
    with time_machine.travel(step_ends + STEP - 1, tick=False):
        assert accepted(user, code)


def test_a_code_is_refused_two_steps_later(make_user):
    """The helper gives a real code, not one the server takes whenever it is sent."""
    user = make_user(roles.CRAG_MEMBER)
    give_totp(user)
    step_ends = (int(time.time()) // STEP + 1) * STEP

    with time_machine.travel(step_ends - 0.5, tick=False):
        code = totp_code(user)
    with time_machine.travel(step_ends + STEP + 1, tick=False):
        assert not accepted(user, code)
