"""An email backend that writes to the OutboundEmail table (EMAIL_URL=outbox://), for the demo.

It behaves as a mail client does with a repeated Message-ID: a message sent again (a worker died
between the send and marking its reminder sent, and the sweep sent it again) is folded into the
one already stored. It commits on its own like a mail server would, so it is no stand-in for SMTP
when measuring: scripts/kill_trial.py uses a real SMTP server.
"""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from notifications.models import OutboundEmail

        for message in email_messages:
            OutboundEmail.objects.get_or_create(
                message_id=str(message.extra_headers.get("Message-ID", ""))
                or message.message()["Message-ID"],
                defaults={
                    "to": ", ".join(message.to),
                    "subject": message.subject[:300],
                    "body": str(message.body),
                },
            )
        return len(email_messages)
