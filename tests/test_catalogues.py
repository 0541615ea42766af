"""The message catalogues (``src/coopgraph/locales/LANG.json``): every key
the code uses is in every catalogue, and the catalogues have the same keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coopgraph.i18n import LANGS, catalogue, translator

SRC = Path(__file__).resolve().parents[1] / "src" / "coopgraph"

#: ``t("key"``, ``t(f"prefix.{...}"``, ``translator(lang)("key"``, the
#: label helpers' ``(t, "key"`` / ``(t, f"prefix.{...}"`` and the errors'
#: ``InputError.of("key"``.
_CALL = re.compile(r"""(?:\bt\(|\)\(|\(t,\s*|\.of\(\s*)\s*(f?)"([a-z_][a-z0-9_.]*)(\{?)""")


#: ``say("key"`` of :mod:`coopgraph.io.messages`: the catalogue key ``io.key``.
_SAY = re.compile(r"""\bsay\(\s*["']([a-z_][a-z0-9_.]*)["']""")


def keys_in_code() -> tuple[set[str], set[str]]:
    """Exact keys, and prefixes of keys built with an f-string."""
    exact, prefixes = set(), set()
    for path in SRC.rglob("*.py"):
        exact.update(f"io.{key}" for key in _SAY.findall(path.read_text(encoding="utf-8")))
        for f, key, brace in _CALL.findall(path.read_text(encoding="utf-8")):
            if f and brace:
                prefixes.add(key)
            elif "." in key:
                exact.add(key)
    return exact, prefixes


def test_the_scan_finds_the_keys_it_should():
    """The scan itself works (a scan that finds nothing would pass anything)."""
    exact, prefixes = keys_in_code()
    assert {"report.title", "map.count", "metrics.none", "isolated.intro"} <= exact
    assert {"io.not_found", "io.extra_cells", "io.neo4j.auth"} <= exact
    assert {"cli.no_source", "plan.none_formed"} <= exact  # CoopgraphError.of("key", ...)
    assert {"explain.", "type.", "kind.", "field."} <= prefixes


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_used_in_code_is_in_the_catalogue(lang):
    table = catalogue(lang)
    exact, prefixes = keys_in_code()
    missing = sorted(k for k in exact if k not in table)
    assert not missing, f"{lang}.json lacks {missing}"
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in table), f"{lang}.json has no {prefix}* key"


def test_the_catalogues_have_the_same_keys():
    fr, en = set(catalogue("fr")), set(catalogue("en"))
    assert fr == en, {"only in fr": sorted(fr - en), "only in en": sorted(en - fr)}


def test_placeholders_match_between_languages():
    fr, en = catalogue("fr"), catalogue("en")
    slots = re.compile(r"\{(\w+)")
    for key in fr:
        if key.startswith("click."):
            # click's messages: a translation may leave out a value click
            # names in English at import time (the type name of --out)
            assert set(slots.findall(fr[key])) <= set(slots.findall(en[key])), key
            continue
        assert set(slots.findall(fr[key])) == set(slots.findall(en[key])), key


def test_catalogues_are_valid_sorted_json_shipped_in_the_package():
    for lang in LANGS:
        path = SRC / "locales" / f"{lang}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(data) == sorted(data) and all(isinstance(v, str) for v in data.values())


def test_one_message_mechanism():
    """Messages live in the catalogues only: no module keeps its own table
    of messages by language."""
    found = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if re.search(r"""^\s*["']fr["']: \{""", p.read_text(encoding="utf-8"), re.M)
    ]
    assert not found, found


def test_a_missing_key_falls_back_to_the_key():
    assert translator("en")("no.such.key") == "no.such.key"
