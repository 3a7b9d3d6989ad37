"""The platform admin's console: organizations, their people, pending invitations, issuer keys
(public parts), data releases, the outbox with the development mail viewer, and health.

Platform admins oversee every organization but stay outside them (ADR 8): the console never
shows what workers shared, and it does not invite, issue or sign for an organization. The pages
say so where a reader might look for those.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from onramp import __version__
from onramp.api.deps import PlatformDep, PrincipalDep, ServiceDep
from onramp.metrics.platform_figures import Count, Figure, platform_figures
from onramp.platform import policy
from onramp.platform.mail_transports import DevMailbox, SmtpTransport
from onramp.taxonomy.catalog import Catalog
from onramp.web import charts
from onramp.web.account_pages import KIND_LABELS, ROLE_LABELS
from onramp.web.common import page, redirect

router = APIRouter(include_in_schema=False)
CHARTED = (
    Figure.WORKERS,
    Figure.OPEN_JOBS,
    Figure.APPLICATIONS,
    Figure.CREDENTIALS,
    Figure.LEARNERS,
    Figure.APPRENTICES,
)


def _mail_setup(request: Request) -> str:
    transport = request.app.state.mail_transport
    if isinstance(transport, DevMailbox):
        return "development mailbox: links are printed on the server console and readable here"
    if isinstance(transport, SmtpTransport):
        return f"SMTP through {transport.host}:{transport.port} ({transport.security})"
    if transport is None:
        return "none: mail waits, sealed, until a transport is set up (ONRAMP_MAIL_TRANSPORT)"
    return type(transport).__name__


def _health(request: Request, outbox: list[dict[str, Any]]) -> dict[str, Any]:
    probe = request.app.state.store_probe
    return {
        "store": "answering" if probe.healthy() else (probe.problem or "no answer yet"),
        "schema": probe.schema,
        "version": __version__,
        "mail": _mail_setup(request),
        "waiting": sum(1 for m in outbox if m["state"] == "waiting"),
        "given_up": sum(1 for m in outbox if m["state"] == "given up"),
    }


@router.get("/admin", response_class=HTMLResponse)
def console(request: Request, principal: PrincipalDep, p: PlatformDep) -> HTMLResponse:
    policy.require_platform_admin(principal)
    outbox = p.oversight.outbox(principal)
    figures = platform_figures(p.engine, principal)
    return page(
        request,
        "admin.html",
        orgs=p.oversight.organizations(principal),
        invitations=p.oversight.invitations(principal),
        releases=Catalog(p.engine).frameworks(),
        health=_health(request, outbox),
        kind_labels=KIND_LABELS,
        role_labels=ROLE_LABELS,
        figures=figures,
        figures_chart=_figures_chart(figures),
    )


def _figures_chart(figures: list[Count]) -> charts.Chart:
    """The use figures as bars (people and work, not organizations: their counts are small
    beside them and are in the table)."""
    shown = [f for f in figures if f.figure in CHARTED]
    items = [charts.Item(f.figure.label.rstrip("."), f.value, f"{f.value:,}") for f in shown]
    listed = "; ".join(f"{i.label}: {i.shown}" for i in items)
    return charts.bar_chart(
        "use-chart",
        "Bar chart: how much the site is used",
        f"{listed}. The table beside it gives every figure.",
        items,
    )


@router.get("/admin/orgs/{org_id}", response_class=HTMLResponse)
def organization(
    request: Request, org_id: str, principal: PrincipalDep, p: PlatformDep, s: ServiceDep
) -> HTMLResponse:
    policy.require_platform_admin(principal)
    org = p.orgs.get(principal, org_id)
    return page(
        request,
        "admin_org.html",
        org=org,
        people=p.oversight.people(principal, org_id),
        invitations=p.oversight.invitations(principal, org_id),
        keys=s.vault.public_keys(principal, org_id),
        did=s.site.org_did(org.slug),
        kind_labels=KIND_LABELS,
        role_labels=ROLE_LABELS,
    )


@router.get("/admin/mail", response_class=HTMLResponse)
def mail(request: Request, principal: PrincipalDep, p: PlatformDep, sent: int = -1) -> HTMLResponse:
    mailbox = request.app.state.mail_transport
    return page(
        request,
        "admin_mail.html",
        outbox=p.oversight.outbox(principal),
        viewer=p.oversight.dev_messages(principal, mailbox),
        has_viewer=isinstance(mailbox, DevMailbox),
        has_transport=mailbox is not None,
        mail_setup=_mail_setup(request),
        sent=sent,
    )


@router.get("/admin/mail/{message_id}", response_class=HTMLResponse)
def mail_message(
    request: Request, message_id: int, principal: PrincipalDep, p: PlatformDep
) -> HTMLResponse:
    message = p.oversight.dev_message(principal, request.app.state.mail_transport, message_id)
    return page(request, "admin_message.html", message=message)


@router.post("/admin/mail/deliver")
def mail_deliver(request: Request, principal: PrincipalDep, p: PlatformDep) -> Response:
    sent = p.oversight.deliver_now(principal, request.app.state.mail_transport)
    return redirect(f"/admin/mail?sent={sent}")
