"""Sending e-mail: SMTP in production, the log in development (announced loudly)."""

from __future__ import annotations

import asyncio
import enum
import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from notifications.push import Outcome, Verdict

log = logging.getLogger("kring.mail")


class MailSender(Protocol):
    async def send(
        self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
    ) -> None: ...


class LogMailSender:
    """No relay configured: the message goes to the log instead of an inbox. Its body (with
    sign-in and invitation links) only on a developer's machine."""

    def __init__(self, reveal_body: bool = True) -> None:
        self.reveal_body = reveal_body
        log.warning("mail is not sent: messages are written to the log (no KRING_SMTP_HOST)")

    async def send(
        self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
    ) -> None:
        shown = body if self.reveal_body else "(withheld outside development)"
        log.info("mail (not sent)", extra={"to": to, "subject": subject, "body": shown})


class SmtpSecurity(enum.StrEnum):
    STARTTLS = "starttls"  # port 587: upgrade to TLS, certificate checked
    TLS = "tls"  # port 465: TLS from the first byte, certificate checked
    NONE = "none"  # a relay on this machine only (settings refuse any other host)


@dataclass(frozen=True)
class SmtpMailSender:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a log line
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    ca_file: str | None = None  # a private CA the server's certificate is signed by
    timeout: float = 20.0

    def _context(self) -> ssl.SSLContext:
        # Verified, unlike smtplib's default: a password or a link must not go to whoever
        # sits between us and the relay.
        return ssl.create_default_context(cafile=self.ca_file)

    def _send(self, message: EmailMessage) -> None:
        smtp: smtplib.SMTP
        if self.security is SmtpSecurity.TLS:
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.security is SmtpSecurity.STARTTLS:
                smtp.starttls(context=self._context())
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)

    async def send(
        self, to: str, subject: str, body: str, headers: Mapping[str, str] | None = None
    ) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        await asyncio.to_thread(self._send, message)


async def deliver(
    sender: MailSender, to: str, subject: str, body: str, headers: Mapping[str, str]
) -> Outcome:
    """Send one e-mail and judge the outcome as the delivery worker needs it."""
    try:
        await sender.send(to, subject, body, headers)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        transient = all(400 <= code < 500 for code in codes)
        verdict = Verdict.RETRY if transient else Verdict.FAILED
        return Outcome(verdict, codes[0] if codes else None, detail="recipient refused")
    except smtplib.SMTPResponseException as exc:
        # 4xx: try again later (greylisting, a full queue); 5xx: it will not work.
        verdict = Verdict.RETRY if 400 <= exc.smtp_code < 500 else Verdict.FAILED
        return Outcome(verdict, exc.smtp_code, detail=str(exc.smtp_error)[:200])
    except smtplib.SMTPNotSupportedError as exc:
        return Outcome(Verdict.FAILED, detail=f"the relay does not support it: {exc}"[:200])
    except (OSError, smtplib.SMTPException) as exc:
        # Refused or dropped connections, timeouts, TLS failures: the relay may be back soon.
        return Outcome(Verdict.RETRY, detail=f"{type(exc).__name__}: {exc}"[:200])
    return Outcome(Verdict.DELIVERED, 250)
