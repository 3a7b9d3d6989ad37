"""The Onramp Essential Skills Framework: plain-language essential skills for workers.

It ships as versioned YAML inside the package. Organizations customise the workplace examples
for their sector as a new version of their own; the original stays as it was.
"""

from onramp.taxonomy.esf.loader import (
    ESF_KEY,
    available_versions,
    customize,
    load_builtin,
    parse_esf,
    read_overrides,
)

__all__ = [
    "ESF_KEY",
    "available_versions",
    "customize",
    "load_builtin",
    "parse_esf",
    "read_overrides",
]
