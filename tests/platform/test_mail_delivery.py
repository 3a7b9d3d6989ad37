"""Mail leaves the outbox: SMTP with STARTTLS and a log-in against a real local SMTP server
(aiosmtpd), retries that wait longer each time, the development mailbox, and `onramp mail`."""

from __future__ import annotations

import datetime as dt
import io
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, update

from onramp.errors import ConfigError
from onramp.platform import MailKind, OutboxMailer
from onramp.platform.mail import MAX_ATTEMPTS, wait_after
from onramp.platform.mail_transports import DevMailbox, MailRelay, SmtpTransport
from onramp.platform.secrets import now
from onramp.store import platform_tables as t

from support import run_cli

LINK = "https://onramp.test/wallet/claim?token=clm_abc"
USER, SECRET = "onramp", "smtp secret 42"


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, which the client trusts as its CA file."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    moment = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(moment - dt.timedelta(minutes=5))
        .not_valid_after(moment + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Inbox:
    def __init__(self) -> None:
        self.received: list[Any] = []
        self.refuse = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: N802, E501
        if self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[int, Inbox, Path]]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert_file, key_file = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = data.login == USER.encode() and data.password == SECRET.encode()
        return AuthResult(success=ok)

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    try:
        yield port, inbox, cert_file
    finally:
        controller.stop()


def _queue(engine: Engine, folder: Path, to: str = "ann@example.org") -> OutboxMailer:
    mailer = OutboxMailer(engine, folder / "secrets")
    mailer.send(to, "Your credential", f"Keep it here:\n{LINK}", MailKind.CREDENTIAL_CLAIM)
    return mailer


def test_smtp_with_starttls_and_a_log_in_delivers_and_wipes_the_body(
    engine: Engine, tmp_path: Path, smtp_server: tuple[int, Inbox, Path]
) -> None:
    port, inbox, cert = smtp_server
    mailer = _queue(engine, tmp_path)
    transport = SmtpTransport(
        "127.0.0.1", port, "starttls", "onramp@onramp.test", USER, SECRET, ca_file=cert
    )
    assert mailer.deliver_pending(transport) == 1
    (envelope,) = inbox.received
    assert envelope.rcpt_tos == ["ann@example.org"]
    assert envelope.mail_from == "onramp@onramp.test"
    assert LINK in envelope.content.decode()
    assert mailer.pending() == []
    assert mailer.messages()[0]["state"] == "sent"


def test_a_refused_address_is_given_up_and_a_server_that_is_down_is_tried_again(
    engine: Engine, tmp_path: Path, smtp_server: tuple[int, Inbox, Path]
) -> None:
    port, inbox, cert = smtp_server
    mailer = _queue(engine, tmp_path)
    down = SmtpTransport("127.0.0.1", 1, "starttls", "o@onramp.test", USER, SECRET, cert)
    assert mailer.deliver_pending(down) == 0
    (row,) = mailer.messages()
    assert (row["state"], row["attempts"]) == ("waiting", 1)
    assert "ConnectionRefusedError" in row["last_error"]
    inbox.refuse = True
    right = SmtpTransport("127.0.0.1", port, "starttls", "o@onramp.test", USER, SECRET, cert)
    assert mailer.deliver_pending(right, everything=True) == 0
    assert mailer.messages()[0]["state"] == "given up"
    assert mailer.deliver_pending(right) == 0  # not tried again by itself
    inbox.refuse = False
    assert mailer.deliver_pending(right, everything=True) == 1  # an operator's `--all`


def test_a_failed_message_waits_longer_after_each_try(engine: Engine, tmp_path: Path) -> None:
    mailer = _queue(engine, tmp_path)

    class Down:
        tries = 0

        def deliver(self, message: Any) -> None:
            Down.tries += 1
            raise ConnectionRefusedError("no server")

    for attempt in range(1, 4):
        assert mailer.deliver_pending(Down()) == 0
        row = mailer.messages()[0]
        assert row["attempts"] == attempt
        assert mailer.deliver_pending(Down()) == 0  # not due yet: no new try
        assert Down.tries == attempt
        with engine.begin() as conn:  # the wait is over
            conn.execute(update(t.outbox).values(next_try_at=now() - dt.timedelta(seconds=1)))
    assert [wait_after(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert wait_after(MAX_ATTEMPTS) == dt.timedelta(hours=1)
    relay = MailRelay(mailer, DevMailbox(out=io.StringIO()))
    assert relay.run_once() == 1


def test_smtp_settings_fail_closed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="only allowed to a server on this machine"):
        SmtpTransport("mail.example.org", 25, "none", "o@onramp.test")
    with pytest.raises(ConfigError, match="password"):
        SmtpTransport("mail.example.org", 587, "starttls", "o@onramp.test", "user")
    from onramp.config import Settings

    settings = Settings(
        mail_transport="smtp",
        smtp_host="mail.example.org",
        mail_from="o@onramp.test",
        smtp_username="user",
    )
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    with pytest.raises(ConfigError, match="smtp_password"):
        SmtpTransport.from_settings(settings, secrets)
    (secrets / "smtp_password").write_text("pw\n")
    (secrets / "smtp_password").chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        SmtpTransport.from_settings(settings, secrets)
    (secrets / "smtp_password").chmod(0o600)
    assert SmtpTransport.from_settings(settings, secrets).password == "pw"


def test_the_development_mailbox_prints_links_and_keeps_messages(
    engine: Engine, tmp_path: Path
) -> None:
    mailer = _queue(engine, tmp_path)
    console = io.StringIO()
    mailbox = DevMailbox(out=console)
    assert mailer.deliver_pending(mailbox) == 1
    assert LINK in console.getvalue() and "ann@example.org" in console.getvalue()
    (message,) = mailbox.listed()
    assert mailbox.read(message.id) is not None and LINK in message.body


def test_cli_shows_and_delivers_the_outbox(tmp_path: Path) -> None:
    from onramp.store import make_engine, upgrade

    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(f"sqlite:///{(home / 'onramp.db').resolve()}")
    upgrade(engine)
    OutboxMailer(engine, home / "secrets").send("ann@example.org", "Hi", f"Open {LINK}")
    engine.dispose()
    shown = json.loads(run_cli(home, "mail", "show", "--json").stdout)
    assert [(m["to_email"], m["state"]) for m in shown] == [("ann@example.org", "waiting")]
    assert "body" not in shown[0] and LINK not in json.dumps(shown)
    refused = run_cli(home, "mail", "deliver", env={"ONRAMP_MAIL_TRANSPORT": "none"}, check=False)
    assert refused.returncode != 0 and "no mail transport" in refused.stderr
    done = run_cli(home, "mail", "deliver", "--json", env={"ONRAMP_MAIL_TRANSPORT": "dev"})
    assert json.loads(done.stdout) == {"delivered": 1, "waiting": 0}
    assert LINK in done.stderr  # the development mailbox prints the link


def test_two_senders_at_once_send_a_message_once(engine: Engine, tmp_path: Path) -> None:
    """The server's relay and `onramp mail deliver` may run together: each message goes once."""
    import threading

    mailer = _queue(engine, tmp_path)
    for n in range(5):
        mailer.send(f"p{n}@example.org", "Hi", f"Open {LINK}")
    box = DevMailbox(out=io.StringIO())
    gate = threading.Barrier(4)

    def send() -> None:
        gate.wait()
        OutboxMailer(engine, tmp_path / "secrets").deliver_pending(box, everything=True)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(m.id for m in box.listed()) == sorted({m.id for m in box.listed()})
    assert len(box.listed()) == 6


def test_auto_keeps_mail_on_a_local_machine_and_never_prints_links_in_production(
    tmp_path: Path,
) -> None:
    from onramp.config import Settings
    from onramp.platform.mail_transports import from_settings

    auto = Settings()
    assert isinstance(from_settings(auto, tmp_path, "http://127.0.0.1:8000"), DevMailbox)
    assert isinstance(from_settings(auto, tmp_path, "http://localhost:8000"), DevMailbox)
    assert from_settings(auto, tmp_path, "https://onramp.example.org") is None
    smtp = Settings(mail_transport="smtp", smtp_host="127.0.0.1", mail_from="o@onramp.test")
    assert isinstance(from_settings(smtp, tmp_path, "https://onramp.example.org"), SmtpTransport)
    with pytest.raises(ConfigError, match="ONRAMP_SMTP_HOST"):
        from_settings(Settings(mail_transport="smtp"), tmp_path, "https://onramp.example.org")
