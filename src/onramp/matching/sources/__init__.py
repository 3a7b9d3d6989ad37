"""Where a worker's evidence comes from (issue 14, item 1). Each source turns what it holds into
`onramp.matching.scoring.evidence.Evidence`, the only thing the scoring core reads:

- `credentials`: one OB 3.0 AchievementCredential or CLR 2.0 credential, with its verification
  report, read into evidence (pure; no store);
- `wallet`: the credentials in a worker's wallet, each checked again first;
- `entries`: what a worker or an organization entered (attestations and LERs, assessments,
  training, portfolio items, self-ratings against the Essential Skills Framework, work history
  coded to an occupation, and skills read from a resume), as evidence (pure).

The store-backed use cases that gather them are in `onramp.matching.service`.
"""
