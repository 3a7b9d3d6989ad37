"""Work-based learning as one object for the API, the pages and the CLI (issue 17)."""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.credentials.service import CredentialService
from onramp.platform import Platform
from onramp.wbl.apprentices import Apprentices
from onramp.wbl.programs import Programs
from onramp.wbl.progress_records import ProgressRecords
from onramp.wbl.reports import Reports


class WorkBasedLearning:
    def __init__(self, engine: Engine, platform: Platform, credentials: CredentialService) -> None:
        self.programs = Programs(engine, credentials.issuing)
        self.apprentices = Apprentices(
            engine, self.programs, credentials, platform.accounts, platform.consents
        )
        self.records = ProgressRecords(engine, self.apprentices)
        self.reports = Reports(engine, self.programs)
