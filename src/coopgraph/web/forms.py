"""Forms of the workspace (Django forms: validation and error messages as
they come)."""

from __future__ import annotations

from typing import Any

from django import forms

from coopgraph.i18n import translator
from coopgraph.model import MEETING_SCALES
from coopgraph.web.i18n import Text

#: the errors the forms raise, as codes (:class:`coopgraph.web.i18n.Text`
#: keys) said in the page's language
SINCE_AFTER_UNTIL = "err_since_after_until"
MIN_ABOVE_MAX = "err_min_above_max"
FILE_TOO_LARGE = "err_file_too_large"


def _error(lang: str, code: str) -> forms.ValidationError:
    return forms.ValidationError(Text(lang)[code], code=code)


def scale_choices(lang: str, prefix: str = "scale") -> list[tuple[str, str]]:
    """The meeting scales as ``(key, label)`` choices, labelled from the
    package catalogue (``scale.*``: "rencontres régionales"; ``meeting.scale.*``:
    one meeting, "régionale")."""
    t = translator(lang)
    return [(s, t(f"{prefix}.{s}")) for s in MEETING_SCALES]


#: the weak types a plan may place besides the isolated cités
WEAK_TYPES = ("regional_only", "one_link", "one_person")


def weak_choices(lang: str) -> list[tuple[str, str]]:
    """The weak types as the reports name them (``type.*``)."""
    t = translator(lang)
    return [(w, t(f"type.{w}")) for w in WEAK_TYPES]


class AnalysisForm(forms.Form):
    """Period, scales and territory, shared by the dashboard and the map."""

    territory = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    scale = forms.MultipleChoiceField(
        required=False,
        choices=[(s, s) for s in MEETING_SCALES],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, territories: list[tuple[str, Any]], lang: str = "fr", **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.lang = lang
        field = self.fields["territory"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = territories
        # the scales in words, the keys stay the values
        self.fields["scale"].choices = scale_choices(lang)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise _error(self.lang, SINCE_AFTER_UNTIL)
        return data


class MapForm(AnalysisForm):
    """The map adds the isolation filter and a year slider."""

    isolated = forms.BooleanField(required=False)
    year = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"type": "range", "min": 2019, "max": 2026, "step": 1}),
    )


class QueryForm(forms.Form):
    """The parameters of one named query, built from its declarations."""

    def __init__(
        self,
        *args,
        params=(),
        lang: str = "fr",
        choices: dict[str, list[tuple[str, str]]] | None = None,
        **kw,
    ) -> None:
        """``choices``: the values some parameters may take (a cité or CRPV
        id, those of the account's territory), offered as a list; any other
        value fails validation."""
        super().__init__(*args, **kw)
        self.lang = lang
        choices = choices or {}
        for p in params:
            if p.name in choices:
                field: forms.Field = forms.ChoiceField(
                    required=bool(choices[p.name]) and choices[p.name][0][0] != "",
                    choices=choices[p.name],
                )
            elif p.type == "date":
                field = forms.DateField(
                    required=not p.optional, widget=forms.DateInput(attrs={"type": "date"})
                )
            elif p.type == "int":
                field = forms.IntegerField(required=not p.optional)
            elif p.type == "float":
                field = forms.FloatField(required=not p.optional)
            elif p.type == "bool":
                field = forms.BooleanField(required=False)
            else:
                field = forms.CharField(required=not p.optional, max_length=200)
            # the parameter in words (its declaration's comment is English)
            T = Text(lang)
            field.label = T.get(f"param_{p.name}", p.name)
            field.help_text = T["param_optional"] if p.optional else ""
            self.fields[p.name] = field


class IntakeForm(forms.Form):
    """An attendance list and the meeting it belongs to: an existing one,
    or a new one described by title, date, scale and organiser."""

    file = forms.FileField()
    meeting = forms.ChoiceField(required=False)
    title = forms.CharField(required=False, max_length=300)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    scale = forms.ChoiceField(required=False, choices=[("", "—"), *scale_choices("fr")])
    organiser = forms.ChoiceField(required=False)

    #: the largest attendance list accepted (a national seminar's report is
    #: well under 1 MB)
    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise _error(self.lang, FILE_TOO_LARGE)
        return f

    def __init__(self, *args, meetings=(), organisers=(), lang: str = "fr", **kw) -> None:
        super().__init__(*args, **kw)
        self.lang = lang
        # one meeting's scale in words ("régionale"), the key stays the value
        self.fields["scale"].choices = [
            ("", "—"),
            *scale_choices(lang, "meeting.scale"),
        ]
        self.fields["meeting"].choices = [("", "—"), *meetings]
        self.fields["organiser"].choices = [("", "—"), *organisers]

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not (
            data.get("title") and data.get("date") and data.get("scale") and data.get("organiser")
        ):
            raise forms.ValidationError("meeting")
        return data


class PlanForm(forms.Form):
    """The planner's parameters (those of ``coopgraph plan-clusters``) and
    the territory to plan for (``territories``: those the account may pick,
    as for :class:`AnalysisForm`)."""

    territory = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    min_size = forms.IntegerField(min_value=2, max_value=50, initial=8)
    max_size = forms.IntegerField(min_value=2, max_value=50, initial=15)
    max_regions = forms.IntegerField(min_value=1, max_value=18, initial=4)
    max_km = forms.FloatField(required=False, min_value=1)
    workload = forms.IntegerField(min_value=1, max_value=20, initial=2)
    weak = forms.MultipleChoiceField(
        required=False,
        choices=weak_choices("fr"),
        widget=forms.CheckboxSelectMultiple,
    )
    fillers = forms.BooleanField(required=False)
    time_limit = forms.FloatField(min_value=1, max_value=30, initial=10)

    def __init__(
        self, *args, territories: list[tuple[str, Any]], lang: str = "fr", **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.lang = lang
        self.fields["territory"].choices = territories
        self.fields["weak"].choices = weak_choices(lang)

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            raise _error(self.lang, MIN_ABOVE_MAX)
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise _error(self.lang, SINCE_AFTER_UNTIL)
        return data
