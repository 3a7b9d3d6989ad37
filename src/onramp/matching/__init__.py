"""Worker skill profiles from evidence, and explainable, proxy-blind matching (C5, issue 14).

- `scoring/`: the pure core. Evidence in, skill profiles, matches and rankings out. It sees
  skills, levels, kinds, verification, status, dates and issuers, and nothing about who a person
  is: no name, age, address, school or degree. An architecture test keeps it from importing the
  modules that hold such things (`personal`, demographics, the store, the edges).
"""
