"""Career pathways (issue 15). Item 1 so far: the occupation transition model."""

from onramp.pathways.matrix import TransitionMatrix, build_matrix
from onramp.pathways.model import (
    Lack,
    OccupationFeatures,
    SkillGap,
    SkillNeed,
    Transition,
    TransitionConfig,
)
from onramp.pathways.store import load_features, transition_matrix

__all__ = [
    "Lack",
    "OccupationFeatures",
    "SkillGap",
    "SkillNeed",
    "Transition",
    "TransitionConfig",
    "TransitionMatrix",
    "build_matrix",
    "load_features",
    "transition_matrix",
]
