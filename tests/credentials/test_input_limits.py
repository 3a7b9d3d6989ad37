"""Each input limit is enforced once, by the use case, whichever edge the input came from."""

from __future__ import annotations

import pytest

from onramp.credentials.issuing import parse_recipients_csv
from onramp.credentials.verify.limits import MAX_CREDENTIAL_BYTES, MAX_RECIPIENTS_CSV_BYTES
from onramp.credentials.verify.verifier import Verifier
from onramp.errors import TooLargeError


def test_the_verifier_refuses_a_credential_past_the_limit() -> None:
    verifier = Verifier()
    with pytest.raises(TooLargeError, match="too big to be a credential"):
        verifier.verify(b" " * (MAX_CREDENTIAL_BYTES + 1))
    with pytest.raises(TooLargeError):
        verifier.verify("é" * (MAX_CREDENTIAL_BYTES // 2 + 1))  # counted in UTF-8 bytes
    report = verifier.verify(b" " * MAX_CREDENTIAL_BYTES)  # at the limit: read, and refused
    assert not report.verified


def test_a_recipients_file_past_the_limit_is_refused_by_the_parser() -> None:
    row = "worker@example.org\n"
    text = "email\n" + row * (MAX_RECIPIENTS_CSV_BYTES // len(row) + 1)
    with pytest.raises(TooLargeError, match="larger than 10 MB"):
        parse_recipients_csv(text)
