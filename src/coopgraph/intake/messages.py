"""What the intake commands say, French by default, English with ``--lang en``.

The language is held in a context variable set once by the command
(:func:`use_lang`), so library errors raised deep down speak it too.
"""

from __future__ import annotations

import contextvars

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("coopgraph_intake_lang", default="fr")

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "err.no_file": "{path} : fichier introuvable",
        "err.format": "{path} : format non lu ; enregistrez le fichier en .xlsx ou en CSV",
        "err.workbook": "{path} : classeur illisible ({error})",
        "err.columns_option": "--columns : « {part} » n'est pas de la forme champ=en-tête "
        "(champs : {fields})",
        "err.layout": "{path} : mise en page non reconnue. En-têtes trouvés : {headers}. "
        "Indiquez les colonnes avec --columns name=...,organisation=...,email=... "
        "(ou first_name=...,last_name=...)",
        "err.no_dir": "{path} : dossier de données introuvable (créez-le avec "
        "« coopgraph import-cites »)",
        "err.invalid_before": "{path} : le dossier ne passe pas la validation avant l'import ; "
        "corrigez-le d'abord (coopgraph validate {path})",
        "err.invalid_after": "l'import rendrait le dossier invalide ; rien n'a été écrit",
        "err.meeting_unknown": "rencontre « {meeting} » inconnue dans meetings.csv",
        "err.meeting_missing": "indiquez la rencontre : --meeting ID, ou --title, --date, "
        "--scale et --organiser pour la créer",
        "err.meeting_field": "pour créer la rencontre, l'option {option} est obligatoire",
        "err.organiser": "organisateur « {organiser} » inconnu dans institutions.csv",
        "err.date": "date « {value} » invalide (AAAA-MM-JJ)",
        "err.decisions": "{path}:{line} : décision « {value} » non comprise (accepter ou refuser)",
        "err.decisions_header": "{path} : colonnes « cle » et « decision » introuvables",
        "err.cites": "{path} : aucune cité pour ce territoire",
        "err.crpv": "CRPV « {crpv} » inconnu (cherché dans {path})",
        "err.output_exists": "{path} existe déjà (remplacez-le avec --force)",
        "done.import": "{file} : {rows} ligne(s) lue(s) ({layout}) ; {matched} reconnue(s), "
        "{new} nouvelle(s), {review} à vérifier",
        "done.written": "écrit : {files}",
        "done.nothing": "rien de nouveau : le dossier est inchangé",
        "done.review": "{n} ligne(s) à vérifier dans {csv} et {xlsx} ; remplissez la colonne "
        "« decision » (accepter / refuser) puis relancez avec --decisions {csv}",
        "done.template": "écrit {path} : {cites} cité(s) pré-remplie(s)",
        "done.dedupe": "{n} doublon(s) probable(s) : {csv} et {xlsx} ; remplissez la colonne "
        "« decision » puis lancez coopgraph dedupe {data} --apply {csv}",
        "done.dedupe_none": "aucun doublon probable",
        "done.merged": "{actors} acteur(s) et {institutions} institution(s) fusionné(s)",
        "layout.sign-in": "feuille d'émargement",
        "layout.zoom": "rapport de participants Zoom",
        "layout.teams": "rapport de présence Teams",
        "layout.form": "export de formulaire",
        "layout.columns": "colonnes indiquées",
        "reason.email": "même e-mail",
        "reason.email_differs": "e-mails différents",
        "reason.name_exact": "même nom",
        "reason.name_close": "nom proche ({score:.0f} %)",
        "reason.name_far": "nom différent ({score:.0f} %)",
        "reason.last_name": "même nom de famille, prénom différent",
        "reason.org_same": "même organisation",
        "reason.org_close": "organisation proche",
        "reason.org_differs": "autre organisation",
        "reason.place_same": "même commune",
        "reason.place_differs": "autre commune",
        "reason.place_unknown": "commune inconnue",
        "reason.exact": "ligne identique à une ligne déjà importée",
        "reason.new": "aucun candidat",
        "reason.decision_accept": "décision : accepté",
        "reason.decision_reject": "décision : refusé",
        "reason.same_file": "déjà présent dans ce fichier",
        "reason.homonym": "homonyme dans une autre organisation",
        "decision.matched": "reconnu",
        "decision.new": "nouveau",
        "decision.review": "à vérifier",
        "col.key": "cle",
        "col.kind": "type",
        "col.file": "fichier",
        "col.line": "ligne",
        "col.name": "nom",
        "col.organisation": "organisation",
        "col.commune": "commune",
        "col.candidate_id": "candidat_id",
        "col.candidate_name": "candidat_nom",
        "col.candidate_organisation": "candidat_organisation",
        "col.score": "score",
        "col.reasons": "raisons",
        "col.decision": "decision",
        "col.id_a": "id_a",
        "col.name_a": "nom_a",
        "col.id_b": "id_b",
        "col.name_b": "nom_b",
        "kind.actor": "personne",
        "kind.institution": "organisation",
        "review.sheet": "À vérifier",
        "review.help_sheet": "Aide",
        "review.help": "Pour chaque ligne, écrivez « accepter » dans la colonne decision si la "
        "ligne et le candidat sont la même personne (ou organisation), « refuser » sinon. "
        "Laissez vide pour décider plus tard. Ne modifiez pas la colonne cle.",
    },
    "en": {
        "err.no_file": "{path}: no such file",
        "err.format": "{path}: format not read; save the file as .xlsx or CSV",
        "err.workbook": "{path}: cannot read workbook ({error})",
        "err.columns_option": "--columns: '{part}' is not field=header (fields: {fields})",
        "err.layout": "{path}: layout not recognised. Headers found: {headers}. Name the "
        "columns with --columns name=...,organisation=...,email=... "
        "(or first_name=...,last_name=...)",
        "err.no_dir": "{path}: no data directory (create it with 'coopgraph import-cites')",
        "err.invalid_before": "{path}: the directory does not validate before the import; "
        "fix it first (coopgraph validate {path})",
        "err.invalid_after": "the import would make the directory invalid; nothing was written",
        "err.meeting_unknown": "unknown meeting '{meeting}' in meetings.csv",
        "err.meeting_missing": "name the meeting: --meeting ID, or --title, --date, --scale "
        "and --organiser to create it",
        "err.meeting_field": "to create the meeting, option {option} is required",
        "err.organiser": "unknown organiser '{organiser}' in institutions.csv",
        "err.date": "invalid date '{value}' (YYYY-MM-DD)",
        "err.decisions": "{path}:{line}: decision '{value}' not understood (accept or reject)",
        "err.decisions_header": "{path}: columns 'key' and 'decision' not found",
        "err.cites": "{path}: no cité in this territory",
        "err.crpv": "unknown CRPV '{crpv}' (looked up in {path})",
        "err.output_exists": "{path} exists already (replace it with --force)",
        "done.import": "{file}: {rows} row(s) read ({layout}); {matched} matched, {new} new, "
        "{review} to review",
        "done.written": "wrote: {files}",
        "done.nothing": "nothing new: the directory is unchanged",
        "done.review": "{n} row(s) to review in {csv} and {xlsx}; fill in the 'decision' "
        "column (accept / reject) then run again with --decisions {csv}",
        "done.template": "wrote {path}: {cites} cité(s) pre-filled",
        "done.dedupe": "{n} probable duplicate(s): {csv} and {xlsx}; fill in the 'decision' "
        "column then run coopgraph dedupe {data} --apply {csv}",
        "done.dedupe_none": "no probable duplicate",
        "done.merged": "{actors} actor(s) and {institutions} institution(s) merged",
        "layout.sign-in": "sign-in sheet",
        "layout.zoom": "Zoom participants report",
        "layout.teams": "Teams attendance report",
        "layout.form": "form export",
        "layout.columns": "columns given",
        "reason.email": "same e-mail",
        "reason.email_differs": "different e-mails",
        "reason.name_exact": "same name",
        "reason.name_close": "close name ({score:.0f} %)",
        "reason.name_far": "different name ({score:.0f} %)",
        "reason.last_name": "same last name, different first name",
        "reason.org_same": "same organisation",
        "reason.org_close": "close organisation",
        "reason.org_differs": "other organisation",
        "reason.place_same": "same commune",
        "reason.place_differs": "other commune",
        "reason.place_unknown": "commune unknown",
        "reason.exact": "row identical to one imported before",
        "reason.new": "no candidate",
        "reason.decision_accept": "decision: accepted",
        "reason.decision_reject": "decision: rejected",
        "reason.same_file": "already present in this file",
        "reason.homonym": "homonym in another organisation",
        "decision.matched": "matched",
        "decision.new": "new",
        "decision.review": "review",
        "col.key": "key",
        "col.kind": "kind",
        "col.file": "file",
        "col.line": "line",
        "col.name": "name",
        "col.organisation": "organisation",
        "col.commune": "commune",
        "col.candidate_id": "candidate_id",
        "col.candidate_name": "candidate_name",
        "col.candidate_organisation": "candidate_organisation",
        "col.score": "score",
        "col.reasons": "reasons",
        "col.decision": "decision",
        "col.id_a": "id_a",
        "col.name_a": "name_a",
        "col.id_b": "id_b",
        "col.name_b": "name_b",
        "kind.actor": "person",
        "kind.institution": "organisation",
        "review.sheet": "To review",
        "review.help_sheet": "Help",
        "review.help": "For each row, write 'accept' in the decision column when the row and "
        "the candidate are the same person (or organisation), 'reject' otherwise. Leave it "
        "empty to decide later. Do not change the key column.",
    },
}


def use_lang(lang: str) -> None:
    """Set the language of intake messages for the rest of this context."""
    _LANG.set(lang if lang in MESSAGES else "fr")


def current_lang() -> str:
    return _LANG.get()


def message(key: str, **values: object) -> str:
    """The text of ``key`` in the current language.

    >>> message("decision.review")
    'à vérifier'
    """
    table = MESSAGES[_LANG.get()]
    text = table.get(key) or MESSAGES["fr"].get(key) or key
    return text.format(**values) if values else text
