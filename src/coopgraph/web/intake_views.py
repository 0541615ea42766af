"""Pages of the data intake: upload, review, commit (see
:mod:`coopgraph.web.intake`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from coopgraph.errors import CoopgraphError, DataValidationError
from coopgraph.intake.importer import MeetingSpec
from coopgraph.store.neo4j import GraphConflict, IncompleteChange
from coopgraph.web import intake
from coopgraph.web.forms import IntakeForm
from coopgraph.web.i18n import Text
from coopgraph.web.models import audit
from coopgraph.web.scope import Scope
from coopgraph.web.views import forbidden, lang_of, person_labeller, scoped
from coopgraph.web.workspace import Workspace, current

SESSION_KEY = "intake"


class OutsideTerritory(CoopgraphError):
    """An import by a territorial account that touches other territories."""


def _writable(request: HttpRequest, ws: Workspace) -> bool:
    scope: Scope = request.scope
    on_files = ws.data_dir is not None and ws.data_dir.is_dir()
    return scope.can_write and (on_files or ws.neo4j is not None) and ws.state_dir is not None


def _form(request: HttpRequest, ws: Workspace, data=None, files=None) -> IntakeForm:
    meetings = [
        (m.id, f"{m.date} — {m.title}")
        for m in sorted(ws.ds.meetings, key=lambda m: (m.date, m.id), reverse=True)
    ]
    organisers = [(i.id, i.name) for i in sorted(ws.ds.institutions, key=lambda i: i.name)]
    return IntakeForm(data, files, meetings=meetings, organisers=organisers)


@scoped
def upload(request: HttpRequest) -> HttpResponse:
    ws = current()
    T = Text(lang_of(request))
    if not _writable(request, ws):
        return forbidden(request)
    ctx: dict[str, Any] = {"title": T["intake_title"]}
    if request.method == "POST":
        form = _form(request, ws, request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            spec = MeetingSpec(
                id=d["meeting"] or None,
                title=None if d["meeting"] else d["title"],
                date=None if d["meeting"] else d["date"].isoformat(),
                scale=None if d["meeting"] else d["scale"],
                organisers=() if d["meeting"] else (d["organiser"],),
            )
            f = d["file"]
            try:
                assert ws.state_dir is not None  # checked by _writable
                pending = intake.save_upload(ws.state_dir, f.name, f.chunks(), spec)
            except CoopgraphError as exc:
                ctx["error"] = str(exc)
            else:
                request.session[SESSION_KEY] = pending.as_session()
                return HttpResponseRedirect(reverse("intake_review"))
    else:
        form = _form(request, ws)
    ctx["form"] = form
    return render(request, "web/intake.html", ctx)


@scoped
def review(request: HttpRequest) -> HttpResponse:
    ws = current()
    lang = lang_of(request)
    T = Text(lang)
    scope: Scope = request.scope
    if not _writable(request, ws):
        return forbidden(request)
    saved = request.session.get(SESSION_KEY)
    if not saved:
        return HttpResponseRedirect(reverse("intake"))
    pending = intake.Pending(**saved)
    assert ws.state_dir is not None  # checked by _writable
    path = intake.upload_path(ws.state_dir, pending)
    ctx: dict[str, Any] = {"title": T["intake_review"], "filename": pending.filename}
    if request.method == "POST":
        decisions = {
            key[len("decision:") :]: value == "accept"
            for key, value in request.POST.items()
            if key.startswith("decision:") and value in ("accept", "reject")
        }

        def check(result) -> None:
            outside = intake.outside_scope(result, scope, ws.ds)
            if outside:
                raise OutsideTerritory(T["intake_outside"])

        on_graph = ws.data_dir is None
        try:
            if on_graph:
                done = intake.commit_to_graph(
                    ws.neo4j, ws.state_dir, path, pending.spec, decisions, lang, check
                )
                result, graph = done.result, done.change.counts()
                files_root = ws.state_dir
            else:
                assert ws.data_dir is not None
                result = intake.commit(ws.data_dir, path, pending.spec, decisions, lang, check)
                graph, files_root = None, ws.data_dir
        except OutsideTerritory:
            return forbidden(request)
        except GraphConflict:
            ctx["error"] = T["intake_conflict"]
        except IncompleteChange:
            ctx["error"] = T["intake_incomplete"]
        except DataValidationError as exc:
            ctx["error"] = T.format("error", message="; ".join(str(p) for p in exc.problems[:5]))
        except CoopgraphError as exc:
            ctx["error"] = T.format("error", message=str(exc))
        else:
            counts = {
                d: sum(o.decision == d for o in result.outcomes)
                for d in ("matched", "new", "review")
            }
            audit(
                request.user.get_username(),
                "intake.commit",
                file=pending.filename,
                meeting=result.meeting_id,
                meeting_created=result.meeting_created,
                accepted=sum(decisions.values()),
                rejected=sum(not v for v in decisions.values()),
                new_attendance=result.new_attendance,
                new_actors=result.new_actors,
                new_institutions=result.new_institutions,
                files=[str(p.relative_to(files_root)) for p in result.written],
                **({"graph": graph} if graph is not None else {}),
                **counts,
            )
            if result.written:
                if on_graph:
                    ws.reload()
                else:
                    from coopgraph.io import read_dataset

                    ws.replace_dataset(read_dataset(files_root))
            del request.session[SESSION_KEY]
            intake.discard_upload(ws.state_dir, pending)
            return render(
                request,
                "web/intake_done.html",
                {
                    "title": T["intake_done"],
                    "summary": T.format(
                        "intake_summary",
                        attendance=result.new_attendance,
                        actors=result.new_actors,
                        meeting=result.meeting_id,
                        left=counts["review"],
                    ),
                },
            )
    try:
        if ws.data_dir is None:
            result, rows = intake.preview_on_graph(ws.ds, ws.state_dir, path, pending.spec, lang)
        else:
            result, rows = intake.preview(ws.data_dir, path, pending.spec, lang)
    except CoopgraphError as exc:
        ctx["error"] = T.format("error", message=str(exc))
        return render(request, "web/intake_review.html", ctx)
    if intake.outside_scope(result, scope, ws.ds):
        return forbidden(request)
    person = person_labeller(ws, scope, lang)
    for row in rows:
        if row["kind"] == "actor" and row["candidate_id"] in ws.ds.actor_by_id:
            row["candidate_name"] = person(row["candidate_id"])
    ctx.update(
        rows=rows,
        counts={
            d: sum(o.decision == d for o in result.outcomes) for d in ("matched", "new", "review")
        },
        meeting=result.meeting_id,
    )
    return render(request, "web/intake_review.html", ctx)
