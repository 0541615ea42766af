"""Messages about unreadable or malformed input files and unwritable outputs,
French by default, English when ``COOPGRAPH_LANG=en``.

The analysis branch moves the validation messages into a message catalogue;
these are the reader's and the writer's, kept apart so both can be merged.
"""

from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "not_found": "aucun fichier ni dossier de ce nom",
        "dangling_symlink": "lien symbolique cassé (il pointe vers '{target}', qui n'existe pas)",
        "symlink_loop": "boucle de liens symboliques : le fichier ne mène nulle part",
        "is_directory": "c'est un dossier, pas un fichier CSV",
        "not_regular": "ce n'est pas un fichier ordinaire ({kind}) : il n'a pas été ouvert",
        "unreadable": "lecture impossible ({reason})",
        "not_dir_or_book": "attendu : un dossier de fichiers CSV ou un classeur .xlsx",
        "empty_file": "fichier vide (0 octet) : il manque la ligne d'en-tête",
        "bom_only": "fichier vide : il ne contient qu'une marque d'ordre des octets (BOM), "
        "sans ligne d'en-tête",
        "blank_file": "fichier sans ligne d'en-tête (seulement des lignes vides)",
        "bad_byte": "octet 0x{byte} invalide en {encodings} ; enregistrez le fichier "
        "au format « CSV UTF-8 »",
        "or": " ni en ",
        "mixed_encoding": "octet 0x{byte} invalide en UTF-8 alors que le reste du fichier est en "
        "UTF-8 : ce fichier mélange deux encodages (ligne sans doute copiée depuis un fichier "
        "Windows-1252) ; corrigez cette ligne ou enregistrez tout le fichier en « CSV UTF-8 »",
        "nul_char": "caractère NUL (octet 0x00) : fichier binaire ou corrompu",
        "control_char": "caractère de contrôle U+{code:04X} dans une cellule",
        "unclosed_quote": "guillemet ouvert ici et jamais refermé : la cellule avale "
        "{swallowed} ligne(s) jusqu'à la ligne {end}",
        "unclosed_quote_eof": "guillemet ouvert ici et jamais refermé avant la fin du fichier "
        "(ligne {end}) : la fin du fichier est lue comme une seule cellule",
        "extra_cells": "la ligne a {cells} cellules mais l'en-tête en a {width}",
        "duplicate_header": "la colonne '{name}' apparaît deux fois dans l'en-tête",
        "not_xlsx": "ce n'est pas un classeur Excel .xlsx{hint}",
        "hint_csv": " : son contenu est du texte (un CSV renommé ?) ; renommez-le en .csv "
        "et placez-le dans un dossier",
        "hint_xls": " : c'est un ancien classeur .xls ; enregistrez-le au format .xlsx",
        "bad_workbook": "classeur illisible ({reason})",
        "two_sheets": "deux feuilles pour la même table : '{first}' et '{second}' ; "
        "gardez-en une seule",
        "id_across_files": "identifiant '{value}' déjà utilisé dans {other} (ligne {line}) : "
        "les identifiants doivent être uniques entre tous les fichiers",
        "repeated_item": "'{value}' répété dans la liste",
        "duplicate_link": "ligne en double (déjà à la ligne {line})",
        "missing_file": "fichier obligatoire manquant",
        "no_rows": "aucune cité : le fichier a un en-tête mais aucune ligne",
        "more_problems": "… et {n} autre(s) problème(s) non affiché(s)",
        "problems_found": "{n} problème(s) dans les données d'entrée ; rien n'a été écrit",
        "output_blocked": "écriture impossible : '{path}' est un dossier",
        "output_error": "écriture impossible ({reason})",
        "disk_full": "écriture impossible : disque plein (rien n'a été écrit)",
        "output_not_dir": "écriture impossible : un fichier porte le nom du dossier de sortie "
        "(ou d'un de ses parents)",
        "neo4j.scheme": "URI Neo4j invalide '{where}' : coopgraph parle Bolt, pas '{scheme}' ; "
        "utilisez {schemes} (port Bolt, 7687 par défaut ; 7474 est le port HTTP)",
        "neo4j.uri_secret": "URI Neo4j invalide '{where}' : donnez l'utilisateur et le mot de "
        "passe dans NEO4J_USERNAME et NEO4J_PASSWORD, pas dans l'URI",
        "neo4j.uri_form": "URI Neo4j invalide '{where}' : attendu bolt://hôte:port ou "
        "neo4j://hôte:port",
        "neo4j.auth": "Neo4j ({where}) a refusé les identifiants{who} (vérifiez NEO4J_USERNAME "
        "et NEO4J_PASSWORD)",
        "neo4j.auth_user": " de l'utilisateur '{user}'",
        "neo4j.gone": "Neo4j ({where}) est injoignable ou a cessé de répondre ({detail}) ; "
        "vérifiez le serveur et relancez la commande (charger deux fois est sans risque)",
        "neo4j.locked": "Neo4j ({where}) a bloqué la connexion après trop de mots de passe "
        "erronés ; attendez quelques secondes (et vérifiez NEO4J_PASSWORD)",
        "neo4j.no_database": "Neo4j ({where}) n'a pas de base '{database}' (NEO4J_DATABASE)",
        "neo4j.refused": "Neo4j a refusé la requête : {detail}",
        "neo4j.failed": "Neo4j ({where}) a échoué : {detail}",
        "neo4j.unreachable": "Neo4j ({where}) est injoignable ({detail})",
        "neo4j.rows_written": "[{written} lignes écrites sur {total}]",
        "neo4j.read_only": "query --cypher ne fait que lire le graphe : refusé, {reason}",
        "neo4j.kind_write": "une écriture",
        "neo4j.kind_schema": "une commande de schéma ou d'administration",
        "neo4j.query_type": "{kind} (type de requête '{type}')",
        "neo4j.load_csv": "LOAD CSV (le serveur irait chercher une URL ou lire un fichier)",
        "neo4j.admin": "une commande d'administration",
        "neo4j.command": "la commande {name}",
        "neo4j.procedure": "la procédure {name}",
    },
    "en": {
        "not_found": "no such file or directory",
        "dangling_symlink": "broken symbolic link (it points to '{target}', which does not exist)",
        "symlink_loop": "symbolic link loop: the file leads nowhere",
        "is_directory": "this is a directory, not a CSV file",
        "not_regular": "not a regular file ({kind}): it was not opened",
        "unreadable": "cannot read ({reason})",
        "not_dir_or_book": "expected a directory of CSV files or an .xlsx workbook",
        "empty_file": "empty file (0 bytes): the header line is missing",
        "bom_only": "empty file: it holds only a byte order mark (BOM), no header line",
        "blank_file": "no header line (only blank lines)",
        "bad_byte": "byte 0x{byte} is not {encodings} text; save the file as CSV UTF-8",
        "or": " nor ",
        "mixed_encoding": "byte 0x{byte} is not UTF-8 while the rest of the file is UTF-8: "
        "the file mixes two encodings (a line probably pasted from a Windows-1252 file); "
        "fix this line or save the whole file as CSV UTF-8",
        "nul_char": "NUL character (byte 0x00): binary or corrupt file",
        "control_char": "control character U+{code:04X} in a cell",
        "unclosed_quote": "quote opened here and never closed: the cell swallows "
        "{swallowed} line(s) up to line {end}",
        "unclosed_quote_eof": "quote opened here and never closed before the end of the file "
        "(line {end}): the rest of the file is read as one cell",
        "extra_cells": "row has {cells} cells but the header has {width}",
        "duplicate_header": "column '{name}' appears twice in the header",
        "not_xlsx": "not an Excel .xlsx workbook{hint}",
        "hint_csv": ": its content is text (a renamed CSV?); rename it .csv and put it "
        "in a directory",
        "hint_xls": ": it is an old .xls workbook; save it as .xlsx",
        "bad_workbook": "cannot read workbook ({reason})",
        "two_sheets": "two sheets for the same table: '{first}' and '{second}'; keep one",
        "id_across_files": "id '{value}' is already used in {other} (line {line}): "
        "ids must be unique across all files",
        "repeated_item": "'{value}' repeated in the list",
        "duplicate_link": "duplicate row (already on line {line})",
        "missing_file": "required file is missing",
        "no_rows": "no cité: the file has a header but no rows",
        "more_problems": "… and {n} more problem(s) not shown",
        "problems_found": "{n} problem(s) found in the input data; nothing was written",
        "output_blocked": "cannot write: '{path}' is a directory",
        "output_error": "cannot write ({reason})",
        "disk_full": "cannot write: disk full (nothing was written)",
        "output_not_dir": "cannot write: a file has the name of the output directory "
        "(or of one of its parents)",
        "neo4j.scheme": "invalid Neo4j URI '{where}': coopgraph speaks Bolt, not '{scheme}'; "
        "use {schemes} (Bolt port, 7687 by default; 7474 is the HTTP port)",
        "neo4j.uri_secret": "invalid Neo4j URI '{where}': give the user and password in "
        "NEO4J_USERNAME and NEO4J_PASSWORD, not in the URI",
        "neo4j.uri_form": "invalid Neo4j URI '{where}': expected bolt://host:port or "
        "neo4j://host:port",
        "neo4j.auth": "Neo4j at {where} refused the credentials{who} (check NEO4J_USERNAME "
        "and NEO4J_PASSWORD)",
        "neo4j.auth_user": " for user '{user}'",
        "neo4j.gone": "Neo4j at {where} is unreachable or went away ({detail}); check the "
        "server and run the command again (loading twice is safe)",
        "neo4j.locked": "Neo4j at {where} locked the login after too many wrong passwords; "
        "wait a few seconds (and check NEO4J_PASSWORD)",
        "neo4j.no_database": "Neo4j at {where} has no database '{database}' (NEO4J_DATABASE)",
        "neo4j.refused": "Neo4j refused the query: {detail}",
        "neo4j.failed": "Neo4j at {where} failed: {detail}",
        "neo4j.unreachable": "Neo4j at {where} is unreachable ({detail})",
        "neo4j.rows_written": "[{written} of {total} rows written]",
        "neo4j.read_only": "query --cypher only reads the graph: refused, {reason}",
        "neo4j.kind_write": "a write",
        "neo4j.kind_schema": "a schema or administration command",
        "neo4j.query_type": "{kind} (query type '{type}')",
        "neo4j.load_csv": "LOAD CSV (the server would fetch a URL or read a file)",
        "neo4j.admin": "an administration command",
        "neo4j.command": "the command {name}",
        "neo4j.procedure": "the procedure {name}",
    },
}


def lang() -> str:
    """The language of messages: ``COOPGRAPH_LANG`` (``fr`` or ``en``), French by default."""
    value = os.environ.get("COOPGRAPH_LANG", "fr").lower()[:2]
    return value if value in MESSAGES else "fr"


def say(key: str, **values: object) -> str:
    """The message ``key`` in the current language, filled with ``values``.

    >>> import os; os.environ["COOPGRAPH_LANG"] = "en"
    >>> say("extra_cells", cells=4, width=3)
    'row has 4 cells but the header has 3'
    >>> del os.environ["COOPGRAPH_LANG"]
    >>> say("extra_cells", cells=4, width=3)
    "la ligne a 4 cellules mais l'en-tête en a 3"
    """
    return MESSAGES[lang()][key].format(**values)
