"""An email backend that writes to the OutboundEmail table (EMAIL_URL=outbox://).

For the demo's inbox and the reliability trial: the message is stored in the same database
transaction that marks its reminder sent, so a message is sent exactly once or not at all.
"""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from notifications.models import OutboundEmail

        for message in email_messages:
            OutboundEmail.objects.create(
                message_id=str(message.extra_headers.get("Message-ID", ""))
                or message.message()["Message-ID"],
                to=", ".join(message.to),
                subject=message.subject[:300],
                body=str(message.body),
            )
        return len(email_messages)
