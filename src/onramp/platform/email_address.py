"""Email addresses: the one check for every place Onramp takes one (sign-up, invitations,
credential recipients typed in or read from a CSV row).

The shape is the one SMTP carries (RFC 5321 §4.1.2 and §4.5.3.1.1-3): a dot-atom local part of at
most 64 octets, a domain of letter-digit-hyphen labels of at most 63 octets each and 253 in all,
and at most 254 octets for the whole address. Letters outside ASCII are allowed (RFC 6531 local
parts; domains checked through IDNA). Quoted local parts, comments and IP-address domains are
refused: no one needs them here, and each is a way to smuggle odd text into a mail header.

Refused on purpose, even where an RFC would allow them:
- any control character (CR and LF would let an address inject mail headers);
- a local part that starts with = + - or @, which a spreadsheet would run as a formula when the
  address is exported to CSV (OWASP "CSV injection").

No DNS lookups: whether the domain takes mail is for the mail transport to find out.
"""

from __future__ import annotations

import re
import unicodedata

from onramp.errors import InvalidInputError

MAX_ADDRESS = 254
MAX_LOCAL = 64
MAX_DOMAIN = 253
MAX_LABEL = 63
FORMULA_STARTS = ("=", "+", "-", "@")

_ATEXT = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
EXAMPLE = "Enter an email address like name@example.org."


def normalize_email(value: str, where: str = "") -> str:
    """The address, trimmed and lower-cased, or an InvalidInputError that says what is wrong.
    `where` (such as "line 4: ") starts the message, for errors in a file."""
    problem = _problem(value)
    if problem:
        raise InvalidInputError(f"{where}{problem}")
    return value.strip(" \t").lower()


def _problem(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return "An email address cannot have line breaks or other control characters."
    address = value.strip(" \t")
    if len(address.encode()) > MAX_ADDRESS:
        return f"An email address can have at most {MAX_ADDRESS} characters."
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return EXAMPLE
    if local.startswith(FORMULA_STARTS):
        return "An email address cannot start with = + - or @."
    if len(local.encode()) > MAX_LOCAL:
        return f"The part before @ can have at most {MAX_LOCAL} characters."
    if not all(atom and all(_local_ok(ch) for ch in atom) for atom in local.split(".")):
        return EXAMPLE
    return _domain_problem(domain.lower())


def _local_ok(ch: str) -> bool:
    if ch.isascii():
        return bool(_ATEXT.match(ch))
    return unicodedata.category(ch)[0] in "LMN"  # letters, marks and digits of any script


def _domain_problem(domain: str) -> str:
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return EXAMPLE
    labels = ascii_domain.split(".")
    if len(ascii_domain) > MAX_DOMAIN or len(labels) < 2:
        return EXAMPLE
    if not all(len(label) <= MAX_LABEL and _LABEL.match(label) for label in labels):
        return EXAMPLE
    if labels[-1].isdigit():  # an IP address, not a mail domain
        return EXAMPLE
    return ""
