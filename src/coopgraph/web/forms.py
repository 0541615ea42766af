"""Forms of the workspace (Django forms: validation and error messages as
they come)."""

from __future__ import annotations

from django import forms

from coopgraph.model import MEETING_SCALES


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

    def __init__(self, *args, territories: list[tuple[str, str]], **kw) -> None:
        super().__init__(*args, **kw)
        field = self.fields["territory"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = territories

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("since > until")
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

    def __init__(self, *args, params=(), **kw) -> None:
        super().__init__(*args, **kw)
        for p in params:
            if p.type == "date":
                field: forms.Field = forms.DateField(
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
            field.help_text = p.description
            self.fields[p.name] = field


class IntakeForm(forms.Form):
    """An attendance list and the meeting it belongs to: an existing one,
    or a new one described by title, date, scale and organiser."""

    file = forms.FileField()
    meeting = forms.ChoiceField(required=False)
    title = forms.CharField(required=False, max_length=300)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    scale = forms.ChoiceField(
        required=False, choices=[("", "—"), *[(s, s) for s in MEETING_SCALES]]
    )
    organiser = forms.ChoiceField(required=False)

    #: the largest attendance list accepted (a national seminar's report is
    #: well under 1 MB)
    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(f"file larger than {self.MAX_BYTES // 2**20} MB")
        return f

    def __init__(self, *args, meetings=(), organisers=(), **kw) -> None:
        super().__init__(*args, **kw)
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
    """The planner's parameters (those of ``coopgraph plan-clusters``)."""

    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    min_size = forms.IntegerField(min_value=2, max_value=50, initial=8)
    max_size = forms.IntegerField(min_value=2, max_value=50, initial=15)
    max_regions = forms.IntegerField(min_value=1, max_value=18, initial=4)
    max_km = forms.FloatField(required=False, min_value=1)
    workload = forms.IntegerField(min_value=1, max_value=20, initial=2)
    weak = forms.MultipleChoiceField(
        required=False,
        choices=[(t, t) for t in ("regional_only", "one_link", "one_person")],
        widget=forms.CheckboxSelectMultiple,
    )
    fillers = forms.BooleanField(required=False)
    time_limit = forms.FloatField(min_value=1, max_value=30, initial=10)

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            raise forms.ValidationError("min_size > max_size")
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("since > until")
        return data
