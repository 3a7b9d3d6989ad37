"""What each audit-log action means, as a sentence its reader can follow.

Each member's value is what the log stores (`credential.revoke`); its label is a past-tense
sentence with named slots that `onramp.platform.activity` fills from the reader's point of view:

- `{actor}`: who did it: "You", a person's name, "Onramp" (no person), "Someone" (an account
  since deleted); it always starts the sentence;
- `{subjects}`: whose data it was, as an owner: "your", "Ana Diaz's", "someone's";
- `{subject}`: the same person as an object: "you", "Ana Diaz", "someone";
- `{target}`: the member an organization change is about (a name, or "a member");
- `{org}`: the organization's name.
"""

from __future__ import annotations

from onramp.vocabulary import LabeledEnum

SLOTS = ("actor", "subjects", "subject", "target", "org")


class AuditAction(LabeledEnum):
    # accounts and privacy
    ACCOUNT_CREATE = "account.create", "{actor} made {subjects} account."
    ACCOUNT_PASSWORD_RESET = (
        "account.password_reset",
        "{actor} changed {subjects} password with a reset link.",
    )
    ACCOUNT_EMAIL_CONFIRMED = "account.email_confirmed", "{actor} confirmed an email address."
    ACCOUNT_EXPORT = "account.export", "{actor} downloaded all of {subjects} data."
    ACCOUNT_DELETE = "account.delete", "{actor} deleted an account and its data."
    PROFILE_UPDATE = "profile.update", "{actor} changed {subjects} profile."
    TOKEN_CREATE = "token.create", "{actor} made an API token."
    TOKEN_REVOKE = "token.revoke", "{actor} turned off an API token."
    # consent and sharing
    CONSENT_GRANT = "consent.grant", "{actor} started sharing with {org}."
    CONSENT_REVOKE = "consent.revoke", "{actor} stopped sharing with {org}."
    WORKER_VIEW = "worker.view", "{actor} looked at what {subject} shared with {org}."
    PRESENTATION_VIEW = (
        "presentation.view",
        "{actor} opened the credentials {subject} shared with {org}.",
    )
    # the wallet
    WALLET_ADD = "wallet.add", "{actor} added a credential to {subjects} wallet."
    WALLET_REMOVE = "wallet.remove", "{actor} took a credential out of {subjects} wallet."
    # organizations
    ORG_CREATE = "org.create", "{actor} set up {org}."
    ORG_INVITE = "org.invite", "{actor} invited someone to join {org}."
    ORG_INVITE_REVOKE = "org.invite_revoke", "{actor} took back an invitation to join {org}."
    ORG_MEMBER_ADD = "org.member_add", "{actor} added {target} to {org}."
    ORG_MEMBER_REMOVE = "org.member_remove", "{actor} removed {target} from {org}."
    # issuing and trust
    ACHIEVEMENT_DEFINE = "achievement.define", "{actor} made a new achievement for {org}."
    # microcredential design (issue 16, items 3-4); "short credential" is the plain name
    MICROCREDENTIAL_CREATE = (
        "microcredential.create",
        "{actor} started a new short credential for {org}.",
    )
    MICROCREDENTIAL_EDIT = "microcredential.edit", "{actor} changed a short credential of {org}."
    MICROCREDENTIAL_SIGN_OFF = (
        "microcredential.sign_off",
        "{actor} signed off a skill goal of a short credential for {org}.",
    )
    MICROCREDENTIAL_SEND_BACK = (
        "microcredential.send_back",
        "{actor} sent a skill goal of a short credential back with a note for {org}.",
    )
    MICROCREDENTIAL_PUBLISH = (
        "microcredential.publish",
        "{actor} published a short credential of {org}.",
    )
    MICROCREDENTIAL_RETIRE = (
        "microcredential.retire",
        "{actor} retired a short credential of {org}.",
    )
    CREDENTIAL_ISSUE = "credential.issue", "{actor} gave out credentials from {org}."
    CREDENTIAL_REVOKE = "credential.revoke", "{actor} took back a credential from {org} for good."
    CREDENTIAL_SUSPEND = "credential.suspend", "{actor} paused a credential from {org}."
    CREDENTIAL_REINSTATE = (
        "credential.reinstate",
        "{actor} turned a paused credential from {org} back on.",
    )
    CREDENTIAL_ENDORSE = "credential.endorse", "{actor} signed an endorsement for {org}."
    CREDENTIAL_CLR = "credential.clr", "{actor} made a record of all of a learner's credentials."
    KEY_CREATE = "key.create", "{actor} made a new signing key for {org}."
    TRUST_ADD = "trust.add", "{actor} added an issuer to the trust list of {org}."
    TRUST_REMOVE = "trust.remove", "{actor} took an issuer off the trust list of {org}."
    CONTEXTS_PIN = "contexts.pin", "{actor} added a data format file that Onramp can read."
    CONTEXTS_UNPIN = "contexts.unpin", "{actor} removed a data format file."
    # jobs
    JOB_CREATE = "job.create", "{actor} wrote a new job for {org}."
    JOB_UPDATE = "job.update", "{actor} changed a job at {org}."
    JOB_STATE = "job.state", "{actor} opened, paused, filled or closed a job at {org}."
    JOB_LINT_SETTINGS = (
        "job.lint_settings",
        "{actor} changed how {org} checks the words in its jobs.",
    )
    JOB_APPLY = "job.apply", "{actor} applied to a job at {org}."
    JOB_WITHDRAW = "job.withdraw", "{actor} took back a job application to {org}."
    # matching: skill evidence, personal details, and revealing a candidate
    EVIDENCE_ADD = "evidence.add", "{actor} added proof of skills to {subjects} profile."
    EVIDENCE_REMOVE = "evidence.remove", "{actor} took proof of skills off {subjects} profile."
    EVIDENCE_RECORD = "evidence.record", "{actor} wrote down skills {subject} showed at {org}."
    EVIDENCE_VIEW = (
        "evidence.view",
        "{actor} looked at the proof of skills {subject} shared with {org}.",
    )
    PATHWAYS_VIEW = (
        "pathways.view",
        "{actor} looked at {subjects} career pathways, shared with {org}.",
    )
    PERSONAL_UPDATE = "personal.update", "{actor} changed {subjects} personal details."
    DEMOGRAPHICS_GIVE = (
        "demographics.give",
        "{actor} gave answers about {subjects} background for fair hiring checks.",
    )
    DEMOGRAPHICS_DELETE = (
        "demographics.delete",
        "{actor} deleted {subjects} answers for fair hiring checks.",
    )
    DEMOGRAPHICS_COUNT = (
        "demographics.count",
        "{actor} counted answers for a fair hiring check on a job at {org}.",
    )
    RANKING_COUNT = (
        "fairness.ranking_count",
        "{actor} was shown a list of people for a job at {org}. Onramp counted the groups in it "
        "to check that hiring is fair.",
    )
    FAIRNESS_ALERT = (
        "fairness.alert",
        "{actor} warned the admins of {org} that a group was picked much less often than another.",
    )
    FAIRNESS_ALERT_CLOSE = (
        "fairness.alert_close",
        "{actor} closed a warning about fair hiring at {org}, and said what was done.",
    )
    CANDIDATE_REVEAL = (
        "candidate.reveal",
        "{actor} saw the name and details of {subject} for a job at {org}.",
    )
    ONBOARDING_PLAN_CREATE = (
        "onboarding.create",
        "{actor} made a plan to help {subject} learn a new job at {org}.",
    )
    ONBOARDING_PLAN_UPDATE = (
        "onboarding.update",
        "{actor} changed the plan to help {subject} learn a new job at {org}.",
    )
    # career advancement plans (issue 15, item 4)
    PLAN_CREATE = "plan.create", "{actor} started {subjects} career plan."
    PLAN_UPDATE = "plan.update", "{actor} changed {subjects} career plan."
    PLAN_VIEW = "plan.view", "{actor} looked at the career plan {subject} shared with {org}."
    PLAN_NAVIGATOR_ADD = (
        "plan.navigator_add",
        "{actor} added to the career plan {subject} shared with {org}.",
    )
    PLAN_GLANCE = (
        "plan.glance",
        "{actor} saw the stage and next steps of {subjects} career plan at {org}.",
    )
    PLAN_GUIDE_UPDATE = (
        "plan.guide_update",
        "{actor} changed the career plan questions of {org}.",
    )
    # the navigator caseload: referrals, follow-ups and reminders
    CASELOAD_LIST = "caseload.list", "{actor} looked at the list of workers {org} supports."
    CASELOAD_VIEW = "caseload.view", "{actor} looked at the notes {org} keeps on {subject}."
    REFERRAL_CREATE = (
        "referral.create",
        "{actor} sent {subject} to a program, a service or an employer for {org}.",
    )
    REFERRAL_OUTCOME = (
        "referral.outcome",
        "{actor} wrote down how a referral for {subject} from {org} went.",
    )
    FOLLOW_UP_CREATE = "follow_up.create", "{actor} planned to check in with {subject} for {org}."
    FOLLOW_UP_UPDATE = "follow_up.update", "{actor} changed a check-in with {subject} for {org}."
    CASELOAD_REMIND = "caseload.remind", "{actor} emailed a list of check-ins due at {org}."
    # microcredentials: delivery and outcomes (issue 16, item 5)
    MICROCREDENTIAL_ENROLL = (
        "microcredential.enroll",
        "{actor} added {subjects} name to a course at {org}.",
    )
    MICROCREDENTIAL_WITHDRAW = (
        "microcredential.withdraw",
        "{actor} took {subjects} name off a course at {org}.",
    )
    MICROCREDENTIAL_RESULT = (
        "microcredential.result",
        "{actor} wrote down how {subject} did on an assessment at {org}.",
    )
    MICROCREDENTIAL_COMPLETE = (
        "microcredential.complete",
        "{actor} gave {subject} the credential for a course at {org}.",
    )
    MICROCREDENTIAL_PLACEMENT = (
        "microcredential.placement",
        "{actor} wrote down a job interview or hire for {subject} after a course at {org}.",
    )
    MICROCREDENTIAL_TUITION = (
        "microcredential.tuition",
        "{actor} wrote down that an employer paid toward {subjects} training at {org}.",
    )
    # work-based learning: programs, apprentices and their progress (issue 17)
    WBL_PROGRAM_CREATE = (
        "wbl.program_create",
        "{actor} started writing a training program for {org}.",
    )
    WBL_PROGRAM_EDIT = "wbl.program_edit", "{actor} changed a training program of {org}."
    WBL_PROGRAM_ACTIVATE = "wbl.program_activate", "{actor} opened a training program at {org}."
    WBL_INVITE = "wbl.invite", "{actor} asked {subject} to join a training program of {org}."
    WBL_JOIN = "wbl.join", "{actor} joined a training program of {org}."
    WBL_DECLINE = "wbl.decline", "{actor} said no to joining a training program of {org}."
    WBL_MENTOR = "wbl.mentor", "{actor} chose a mentor for {subject} at {org}."
    WBL_REGISTRATION_VIEW = (
        "wbl.registration_view",
        "{actor} looked at the sign-up answers {subject} gave to {org}.",
    )
    WBL_HOURS_LOG = "wbl.hours_log", "{actor} wrote down hours worked by {subject} at {org}."
    WBL_HOURS_IMPORT = (
        "wbl.hours_import",
        "{actor} loaded a file of hours worked by apprentices at {org}.",
    )
    WBL_HOURS_DECIDE = "wbl.hours_decide", "{actor} approved or turned down hours of {subject}."
    WBL_INSTRUCTION = "wbl.instruction", "{actor} wrote down class hours and a grade for {subject}."
    WBL_SIGN_OFF = "wbl.sign_off", "{actor} signed off a skill {subject} showed at {org}."
    WBL_SIGN_OFF_REVERSE = (
        "wbl.sign_off_reverse",
        "{actor} took back a sign-off of a skill of {subject} at {org}, and said why.",
    )
    WBL_WAGE_CHANGE = "wbl.wage_change", "{actor} wrote down a pay raise for {subject} at {org}."
    WBL_AWARD = "wbl.award", "{actor} gave {subject} a credential from a training program at {org}."
    WBL_END = "wbl.end", "{actor} wrote down that {subjects} time in a program at {org} ended."
    WBL_FOLLOW_UP = (
        "wbl.follow_up",
        "{actor} wrote down whether {subject} still works at {org} after the program.",
    )
    WBL_REPORT = "wbl.report", "{actor} downloaded a report of the training programs of {org}."
    # workforce reporting (issue 18, item 4): a board's participant records and its reports
    WIOA_IMPORT = "wioa.import", "{actor} loaded a file of records of people served by {org}."
    WIOA_REPORT = "wioa.report", "{actor} downloaded a report on the people {org} served."
    # employer metrics (issue 18): what an employer records after an application
    EMPLOYER_HIRING_OUTCOME = (
        "employer.hiring_outcome",
        "{actor} wrote down a job offer or a hire for {subject} at {org}.",
    )
    EMPLOYER_RETENTION_CHECK = (
        "employer.retention_check",
        "{actor} wrote down whether {subject} still works at {org}.",
    )
    EMPLOYER_PAY_CHANGE = (
        "employer.pay_change",
        "{actor} wrote down new pay or a new level for {subject} at {org}.",
    )
    EMPLOYER_HIRING_COST = "employer.hiring_cost", "{actor} wrote down a hiring cost at {org}."
    EMPLOYER_FAMILY_SWITCH = (
        "employer.family_switch",
        "{actor} wrote down when a kind of job at {org} began to ask for skills, not a degree.",
    )
    EMPLOYER_ROI_SAVE = (
        "employer.roi_save",
        "{actor} changed the numbers behind a training payoff figure at {org}.",
    )
