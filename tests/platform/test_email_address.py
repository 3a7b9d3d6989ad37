"""The one email check: header injection, spreadsheet formulas and RFC 5321 shape and lengths."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.platform import AccountKind, OrgKind, Platform, Role
from onramp.platform.email_address import normalize_email

PASSWORD = "correct horse battery"

GOOD = {
    "Ann@Example.org": "ann@example.org",
    "  ann.lee+jobs@mail.example.org ": "ann.lee+jobs@mail.example.org",
    "o'neil@example.ie": "o'neil@example.ie",
    "müller@bücher.de": "müller@bücher.de",
    "a@xn--bcher-kva.de": "a@xn--bcher-kva.de",
    "x" * 64 + "@example.org": "x" * 64 + "@example.org",
}
BAD = [
    "ann@example.org\r\nBcc: all@example.org",  # header injection
    "ann@example.org\nBcc: all@example.org",
    "ann\r@example.org",
    "ann@exa\x00mple.org",
    "ann\t@example.org",
    '=HYPERLINK("http://evil.example")@example.org',  # spreadsheet formulas
    "=1+2@example.org",
    "+1@example.org",
    "-2@example.org",
    "@example.org",
    "not-an-email",
    "ann@localhost",
    "ann@[127.0.0.1]",
    "ann@127.0.0.1",
    "ann..lee@example.org",
    ".ann@example.org",
    "ann.@example.org",
    '"ann lee"@example.org',
    "ann lee@example.org",
    "ann@exa mple.org",
    "ann@-example.org",
    "ann@example-.org",
    "ann@example.org.",
    "ann@b@example.org",
    "ann\u200b@example.org",  # a zero-width space is not a letter
    "x" * 65 + "@example.org",  # local part over 64
    "a@" + "b" * 64 + ".org",  # label over 63
    "a@" + ".".join(["b" * 60] * 5) + ".org",  # over 254 in all
]


@pytest.mark.parametrize(("given", "expected"), sorted(GOOD.items()))
def test_good_addresses_are_normalized(given: str, expected: str) -> None:
    assert normalize_email(given) == expected


@pytest.mark.parametrize("given", BAD)
def test_bad_addresses_are_refused_with_a_plain_reason(given: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        normalize_email(given)
    assert str(refused.value).endswith(".")  # a sentence, not a regex dump


def test_a_file_line_starts_the_message() -> None:
    with pytest.raises(InvalidInputError, match=r"^line 4: An email address cannot start"):
        normalize_email("=1+2@example.org", "line 4: ")


def test_sign_up_and_invitations_use_the_one_check(engine: Engine, tmp_path: Path) -> None:
    platform = Platform(engine, secrets_dir=tmp_path, public_url="https://onramp.test")
    with pytest.raises(InvalidInputError, match="cannot start with"):
        platform.accounts.sign_up("=1+2@example.org", PASSWORD, "Formula")
    admin = platform.accounts.principal(
        platform.accounts.sign_up("ada@acme.example", PASSWORD, "Ada", AccountKind.STAFF)
    )
    org = platform.orgs.create(admin, "Acme", OrgKind.EMPLOYER)
    for bad in ("-cmd@example.org", "rob@acme.example\r\nBcc: all@example.org"):
        with pytest.raises(InvalidInputError):
            platform.orgs.invite(admin, org.id, bad, Role.RECRUITER)


def test_credential_recipients_use_the_one_check() -> None:
    from onramp.credentials.issuing import Recipient, parse_recipients_csv

    for bad in ("wanda@mail.example\r\nBcc: all@example.org", "=1+2@example.org"):
        with pytest.raises(InvalidInputError):
            Recipient(email=bad).check()
    with pytest.raises(InvalidInputError, match="line 2"):
        parse_recipients_csv('email\n"+SUM(1,2)@example.org"\n')
