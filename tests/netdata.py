"""A tiny hand-checkable Dataset for the projection and metric tests.

Cités: a (Normandie 28), b (Bretagne 53), c (Pays de la Loire 52), d (Normandie 28).
Actors x→a, w→d, y→b, z→c (each in its own town hall), s (Normanvilles staff, no cité).

    m1 2020-01-10 local          x, w        ties a–d
    m2 2020-05-14 interregional  x, y, z, s  ties a–b, a–c, b–c
    m3 2020-07-02 national       x, y        ties a–b
    m4 2021-01-01 (no scale)     y, z        ties b–c

So, all time: a–b 2 (m2, m3), b–c 2 (m2, m4), a–c 1 (m2), a–d 1 (m1).
"""

from __future__ import annotations

from datetime import date

from coopgraph.model import Actor, Attendance, Cite, Dataset, Governance, Institution, Meeting

CITES = (
    Cite("a", "Cité A", "28", "76"),
    Cite("b", "Cité B", "53", "35"),
    Cite("c", "Cité C", "52", "49"),
    Cite("d", "Cité D", "28", "14"),
)
INSTITUTIONS = (
    Institution("va", "Ville A", "collectivite", regions=("28",)),
    Institution("vb", "Ville B", "collectivite", regions=("53",)),
    Institution("vc", "Ville C", "collectivite", regions=("52",)),
    Institution("vd", "Ville D", "collectivite", departements=("14",)),
    Institution("nv", "Normanvilles", "crpv", regions=("28",)),
    Institution("pa", "Préfecture A", "prefecture", departements=("76",)),
    Institution("ea", "DSDEN A", "education", departements=("76",)),
)
ACTORS = (
    Actor("x", "Xavier Durand", "va", cite_id="a"),
    Actor("w", "Wanda Leroy", "vd", cite_id="d"),
    Actor("y", "Yasmina Benali", "vb", cite_id="b"),
    Actor("z", "Zoé Martin", "vc", cite_id="c"),
    Actor("s", "Sophie Normand", "nv"),
    Actor("p", "Paul Préfet", "pa"),
    Actor("e", "Emma Recteur", "ea", cite_id="a"),
)
MEETINGS = (
    Meeting("m1", date(2020, 1, 10), "Local", scale="local"),
    Meeting("m2", date(2020, 5, 14), "Club de l'Ouest", scale="interregional"),
    Meeting("m3", date(2020, 7, 2), "Printemps des cités", scale="national"),
    Meeting("m4", date(2021, 1, 1), "Visio"),
    Meeting("m5", date(2021, 2, 1), "Troïka A", scale="local"),
)
ATTENDANCE = tuple(
    Attendance(m, a)
    for m, people in (
        ("m1", "xw"),
        ("m2", "xyzs"),
        ("m3", "xy"),
        ("m4", "yz"),
        ("m5", "pe"),
    )
    for a in people
)
GOVERNANCE = (
    Governance("a", "pa", "prefecture"),
    Governance("a", "ea", "education"),
    Governance("a", "va", "collectivite"),
    Governance("b", "vb", "collectivite"),
)


def tiny() -> Dataset:
    return Dataset(
        cites=CITES,
        institutions=INSTITUTIONS,
        actors=ACTORS,
        meetings=MEETINGS,
        attendance=ATTENDANCE,
        governance=GOVERNANCE,
    )
