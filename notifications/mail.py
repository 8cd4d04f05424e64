"""Sending e-mail: SMTP in production, the log in development (announced loudly)."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("kring.mail")


class MailSender(Protocol):
    async def send(self, to: str, subject: str, body: str) -> None: ...


class LogMailSender:
    """Development: the message goes to the log instead of an inbox."""

    def __init__(self) -> None:
        log.warning("mail is not sent: messages are written to the log (development mode)")

    async def send(self, to: str, subject: str, body: str) -> None:
        log.info("mail (not sent)", extra={"to": to, "subject": subject, "body": body})


@dataclass(frozen=True)
class SmtpMailSender:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None

    def _send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=20) as smtp:
            smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)

    async def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        await asyncio.to_thread(self._send, message)
