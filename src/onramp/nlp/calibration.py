"""Extraction's confidence tables, measured on the SkillSpan-derived postings.

Why a module of its own: these numbers come from `bench/extract.py` runs (train split to set,
dev split to check; docs/benchmarks.md), not from the extraction logic, and change only when
they are measured again.
"""

# Precision of each kind of match in the requirement sections of the SkillSpan-derived postings
# (bench/extract.py, "precision_by_match"), and how much more or less precise matches are in
# other parts of a posting (ROLE_FACTOR). Resumes and courses have no gold data: factor 1.
CONFIDENCE = {
    "preferred": 0.57,  # a preferred label of two or more words
    "alternative": 0.55,
    "name": 0.63,  # a one-word label that names something: Docker, SQL, C++
    "word": 0.44,  # a one-word label that is an ordinary word: "security"
    "near": 0.44,
    "hidden": 0.41,
}
# Dense evidence: precision by the default linker's score on the train postings
# (bench/extract.py --dense) is 0.33 at 0.7-0.8, 0.40 at 0.8-0.9, 0.53 at 0.9-1.0 and 0.59
# above 1.0; a line through those from the threshold, capped.
DENSE_THRESHOLD, DENSE_AT_THRESHOLD, DENSE_SLOPE, DENSE_CAP = 0.7, 0.33, 1.0, 0.6
ROLE_FACTOR = {("posting", "nice_to_have"): 1.4, ("posting", "other"): 0.45}
