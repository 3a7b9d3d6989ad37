"""Skills frameworks (C1): O*NET, ESCO, the crosswalk and the Essential Skills Framework.

Public surface for other capabilities: the domain model, the import use cases and the catalog.
"""

from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.importing import (
    ImportReport,
    Progress,
    import_crosswalk,
    import_esco,
    import_esf,
    import_onet,
    run_import,
)
from onramp.taxonomy.model import (
    CrosswalkLink,
    Framework,
    FrameworkRelease,
    Occupation,
    OccupationSkill,
    Origin,
    Skill,
    SkillType,
)
from onramp.taxonomy.profile import OccupationProfile
from onramp.taxonomy.search import Hit

__all__ = [
    "Catalog",
    "CrosswalkLink",
    "Framework",
    "FrameworkRelease",
    "Hit",
    "ImportReport",
    "Occupation",
    "OccupationProfile",
    "OccupationSkill",
    "Origin",
    "Progress",
    "Skill",
    "SkillType",
    "import_crosswalk",
    "import_esco",
    "import_esf",
    "import_onet",
    "run_import",
]
