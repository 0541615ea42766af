"""Middleware of the workspace: a Content-Security-Policy on every page
(Django 5.2 has no built-in one): only this server's own files, no inline
script; the map frame sets the map component's own policy instead. And the
page's language for Django's own messages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "frame-src 'self'"
)


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    return middleware


def page_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Django's own messages (a form field's "Saisissez un nombre entier.")
    in the language the account chose with the pages' switch (the session's
    ``lang``, French by default)."""
    from django.utils import translation

    from coopgraph.web.i18n import LANGS

    def middleware(request: HttpRequest) -> HttpResponse:
        lang = request.session.get("lang", "fr")
        with translation.override(lang if lang in LANGS else "fr"):
            return get_response(request)

    return middleware
