"""Verification: the ordered checks and their report (`verifier`, `checks_model`,
`checks_proof`, `report`), holder binding, presentations, endorsements, issuer trust, legacy
Open Badges 2.0 and the input limits. Built on every other credentials subpackage.

`from onramp.credentials.verify import Verifier` (and the names below) keeps working as it
did when this was one module.
"""

from onramp.credentials.did.resolver import did_web_url
from onramp.credentials.verify.report import Check, Report, Status
from onramp.credentials.verify.verifier import Resolver, Verifier

__all__ = ["Check", "Report", "Resolver", "Status", "Verifier", "did_web_url"]
