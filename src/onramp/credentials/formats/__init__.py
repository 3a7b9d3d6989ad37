"""The credential formats: VC Data Model 2.0 rules, Open Badges 3.0, CLR 2.0, LER-RS with the
HR Open schemas, the OB 3.0 / CLR 2.0 shape checks, baked badges and the LER-RS resume.
Built on `rdf` only.
"""
