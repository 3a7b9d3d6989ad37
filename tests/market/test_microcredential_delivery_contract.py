"""Delivery against the designer's published Achievement (issue 16, items 4 and 5): a design
published through `MicrocredentialDesigns` and completed through `Delivery` gives a credential
whose Results name the Achievement's own ResultDescriptions and rubric levels, passes the OB 3.0
checks, verifies, and lands in the learner's wallet."""

from __future__ import annotations

import json

from design_world import DesignWorld, world_fixture  # noqa: F401
from microcredential_world import ESF_SKILLS, complete_parts

from onramp.credentials.formats import schema
from onramp.market.microcredentials.delivery import Delivery
from onramp.platform.emails import Proof, record_confirmed


def test_a_completed_learner_gets_results_the_achievement_describes(world: DesignWorld) -> None:
    w = world
    draft = w.designs.create(w.designer, w.provider_id, "Data Clerk Basics")
    w.designs.edit(
        w.designer, draft.design.id, complete_parts(w.partner_id, signed=True, skills=ESF_SKILLS)
    )
    for outcome_id in ("o-sql", "o-excel"):
        w.designs.sign_off(w.partner, draft.design.id, outcome_id)
    w.designs.publish(w.designer, draft.design.id)
    delivery = Delivery(w.platform.engine, w.credentials)
    with w.platform.engine.begin() as conn:
        record_confirmed(conn, w.worker.user.id, w.worker.user.email, Proof.LINK)
    enrollment = delivery.enroll_self(w.worker, draft.design.id, agreed=True, wage_before=None)
    delivery.record_result(
        w.designer, enrollment.id, assessment_id="a-sql", outcome_id="o-sql", level=4
    )
    done = delivery.record_result(
        w.designer, enrollment.id, assessment_id="a-excel", outcome_id="o-excel", level=2
    )
    assert done.completed and done.credential is not None
    credential = json.loads(done.credential.document)
    subject = credential["credentialSubject"]
    described = {
        d["id"]: {level["id"] for level in d["rubricCriterionLevel"]}
        for d in subject["achievement"]["resultDescription"]
    }
    assert len(subject["result"]) == 2 == len(described)
    for result in subject["result"]:
        assert result["achievedLevel"] in described[result["resultDescription"]]
    assert subject["achievement"].get("alignment")  # the design's skills
    assert schema.check(credential) == []
    assert w.credentials.verifier().verify(done.credential.document).verified
    assert len(w.credentials.wallet.items(w.worker)) == 1
