"""Transports that take mail out of the outbox, and the loop that runs them.

- `DevMailbox` (development): prints each message's link on the server console and keeps the
  last messages in this process, for the mail viewer in the admin console. Nothing leaves the
  machine.
- `SmtpTransport` (production): SMTP over TLS (port 465) or STARTTLS (587), RFC 5321 / RFC 3207,
  logging in with a password read from the secrets folder, never from the repository or the
  configuration file. A 5xx answer refuses the message for good (`MailRefused`); anything else
  leaves it waiting for the outbox's next try.
- `MailRelay`: a background thread that hands due messages to the transport every few seconds.

Which one runs is `ONRAMP_MAIL_TRANSPORT` (see `from_settings` and docs/decisions/0013).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import smtplib
import ssl
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from onramp.errors import ConfigError
from onramp.platform.mail import MailRefused, Message, OutboxMailer, Transport

if TYPE_CHECKING:
    from onramp.config import Settings

log = logging.getLogger("onramp.mail")
LINK = re.compile(r"https?://\S+")
SMTP_PASSWORD_FILE = "smtp_password"  # in the secrets folder, mode 0600
DEV_MAILBOX_SIZE = 200  # messages the development viewer keeps, newest last
SMTP_TIMEOUT = 20.0  # seconds for one connection to answer


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class DevMailbox:
    """Development only: the console shows each message's links, and the admin console's mail
    viewer reads the last DEV_MAILBOX_SIZE messages, bodies included, from memory."""

    out: TextIO | None = None  # the console; standard error by default
    messages: deque[Message] = field(default_factory=lambda: deque(maxlen=DEV_MAILBOX_SIZE))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, message: Message) -> None:
        with self.lock:
            self.messages.append(message)
        links = LINK.findall(message.body)
        line = f"[mail] to {message.to}: {message.subject}"
        if links:
            line += "\n       " + "\n       ".join(links)
        print(line, file=self.out or sys.stderr, flush=True)

    def read(self, message_id: int) -> Message | None:
        with self.lock:
            return next((m for m in self.messages if m.id == message_id), None)

    def listed(self) -> list[Message]:
        with self.lock:
            return list(reversed(self.messages))


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int
    security: str  # "tls" | "starttls" | "none" (loopback only)
    sender: str
    username: str = ""
    password: str = ""
    ca_file: Path | None = None  # a private certificate authority, when the server uses one

    def __post_init__(self) -> None:
        if self.security not in ("tls", "starttls", "none"):
            raise ConfigError("smtp_security must be tls, starttls or none")
        if self.security == "none" and not is_loopback(self.host):
            raise ConfigError(
                "SMTP without TLS is only allowed to a server on this machine (localhost)"
            )
        if self.username and not self.password:
            raise ConfigError(
                f"put the SMTP password in the secrets folder as {SMTP_PASSWORD_FILE}"
            )

    def _tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def deliver(self, message: Message) -> None:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        mail.set_content(message.body)
        try:
            if self.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=SMTP_TIMEOUT, context=self._tls()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
            with client:
                client.ehlo()
                if self.security == "starttls":
                    client.starttls(context=self._tls())
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password)
                client.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            raise MailRefused("the mail server refused the address") from error
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600 and error.smtp_code not in (530, 535):
                raise MailRefused(f"the mail server answered {error.smtp_code}") from error
            raise  # 4xx, and log-in trouble (530, 535), may pass once it is fixed: try again

    @classmethod
    def from_settings(cls, settings: Settings, secrets_dir: Path) -> SmtpTransport:
        if not settings.smtp_host or not settings.mail_from:
            raise ConfigError("SMTP needs ONRAMP_SMTP_HOST and ONRAMP_MAIL_FROM")
        password = ""
        if settings.smtp_username:
            secret = Path(secrets_dir) / SMTP_PASSWORD_FILE
            if not secret.exists():
                raise ConfigError(f"put the SMTP password in {secret} (mode 0600)")
            if secret.stat().st_mode & 0o077:
                raise ConfigError(f"{secret} must be readable by its owner only (chmod 600)")
            password = secret.read_text(encoding="utf-8").strip()
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security,
            settings.mail_from,
            settings.smtp_username,
            password,
            settings.smtp_ca_file,
        )


def from_settings(settings: Settings, secrets_dir: Path, public_url: str) -> Transport | None:
    """The configured transport. `auto` is the development mailbox when the public address is
    this machine (a local run, where nobody could open a mailed link anyway), and no transport
    otherwise: mail then waits, sealed, until SMTP is configured."""
    choice = settings.mail_transport
    if choice == "auto":
        choice = "dev" if is_loopback(urlsplit(public_url).hostname or "") else "none"
    if choice == "dev":
        return DevMailbox()
    if choice == "smtp":
        return SmtpTransport.from_settings(settings, secrets_dir)
    return None


class MailRelay:
    """Every `interval` seconds, hands the outbox's due messages to the transport."""

    def __init__(
        self,
        mailer: OutboxMailer,
        transport: Transport,
        interval: float = 5.0,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.mailer = mailer
        self.transport = transport
        self.interval = interval
        self.on_error = on_error
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        return self.mailer.deliver_pending(self.transport)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.run_once()
            except Exception as error:  # noqa: BLE001 - the store may be busy; try next round
                log.warning("mail relay: %s", type(error).__name__)
                if self.on_error:
                    self.on_error(error)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="mail-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
