"""Where nodes go on a map: the Lambert-93 projection of metropolitan France,
insets for the overseas territories, and a simplified outline of the country.

The projection is the real Lambert-93 (EPSG:2154): a Lambert conformal conic
on the GRS80 ellipsoid with standard parallels 44° N and 49° N, the one IGN
uses for metropolitan maps, so the map looks like the maps French public
servants know. Map units are kilometres east and south of the projection
origin (46.5° N, 3° E): screen ``y`` grows downwards, as in vis-network.

Overseas territories (régions 01-06 and collectivities) are drawn in insets
stacked in a strip west of the Atlantic coast, each with its own local
equirectangular projection and scale, so a cité in La Réunion sits in the
La Réunion box rather than 9,000 km away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from coopgraph import geo

# ---------------------------------------------------------------- Lambert-93

_A = 6378137.0
_F = 1 / 298.257222101
_E = math.sqrt(2 * _F - _F * _F)
_LAT1, _LAT2, _LAT0, _LON0 = map(math.radians, (44.0, 49.0, 46.5, 3.0))
_X0, _Y0 = 700000.0, 6600000.0


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    s = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (_E / 2)


_N = (math.log(_m(_LAT1)) - math.log(_m(_LAT2))) / (math.log(_t(_LAT1)) - math.log(_t(_LAT2)))
_BIG_F = _m(_LAT1) / (_N * _t(_LAT1) ** _N)
_RHO0 = _A * _BIG_F * _t(_LAT0) ** _N


def lambert93(lat: float, lon: float) -> tuple[float, float]:
    """Lambert-93 (EPSG:2154) easting and northing, in metres, of a WGS84
    point (the difference between WGS84 and RGF93 is below a metre).

    Examples
    --------
    >>> x, y = lambert93(46.5, 3.0)  # the projection origin
    >>> round(x), round(y)
    (700000, 6600000)
    >>> x, y = lambert93(48.8566, 2.3522)  # Paris, Hôtel de Ville
    >>> round(x / 1000), round(y / 1000)
    (652, 6862)
    """
    phi, lam = math.radians(lat), math.radians(lon)
    rho = _A * _BIG_F * _t(phi) ** _N
    theta = _N * (lam - _LAM0)
    return _X0 + rho * math.sin(theta), _Y0 + _RHO0 - rho * math.cos(theta)


_LAM0 = _LON0


def metropolitan_xy(lat: float, lon: float) -> tuple[float, float]:
    """Map coordinates (km east, km *south* of the Lambert-93 origin).

    >>> metropolitan_xy(46.5, 3.0)
    (0.0, -0.0)
    """
    x, y = lambert93(lat, lon)
    return round((x - _X0) / 1000, 3), round(-(y - _Y0) / 1000, 3)


# ---------------------------------------------------------------- insets


@dataclass(frozen=True)
class Inset:
    """A box of the overseas strip: ``territory`` code, its label, the box
    (map units: left, top, width, height), and the local projection (centre
    and kilometres per degree of latitude drawn per map unit)."""

    territory: str
    label: str
    left: float
    top: float
    width: float
    height: float
    lat: float
    lon: float
    span_deg: float

    def place(self, lat: float, lon: float) -> tuple[float, float]:
        """Map coordinates of a point of this territory, clamped to the box."""
        scale = (self.height * 0.8) / self.span_deg  # map units per degree
        dx = (lon - self.lon) * math.cos(math.radians(self.lat)) * scale
        dy = -(lat - self.lat) * scale
        cx, cy = self.left + self.width / 2, self.top + self.height / 2
        half_w, half_h = self.width / 2 - 8, self.height / 2 - 8
        return (
            round(cx + max(-half_w, min(half_w, dx)), 3),
            round(cy + max(-half_h, min(half_h, dy)), 3),
        )


# Degrees of latitude shown in each inset's height: enough for the whole
# territory (Guyane is large, Mayotte small).
_INSET_SPAN = {"01": 1.0, "02": 0.6, "03": 4.0, "04": 0.7, "06": 0.45}
_STRIP_LEFT, _STRIP_TOP = -900.0, -520.0
_BOX_W, _BOX_H, _GAP = 190.0, 150.0, 22.0


def overseas_insets(territories: list[str]) -> dict[str, Inset]:
    """One inset per overseas territory code, stacked in the order given
    (two columns when more than six).

    >>> insets = overseas_insets(["04", "01"])
    >>> [i.label for i in insets.values()], insets["01"].top > insets["04"].top
    (['La Réunion', 'Guadeloupe'], True)
    """
    out: dict[str, Inset] = {}
    for k, code in enumerate(territories):
        col, row = divmod(k, 6)
        lat, lon = geo.REGION_CENTROIDS.get(code) or geo.COLLECTIVITY_POINTS.get(code) or (0.0, 0.0)
        try:
            label = geo.region_name(code)
        except KeyError:
            label = code
        out[code] = Inset(
            territory=code,
            label=label,
            left=_STRIP_LEFT - col * (_BOX_W + _GAP),
            top=_STRIP_TOP + row * (_BOX_H + _GAP),
            width=_BOX_W,
            height=_BOX_H,
            lat=lat,
            lon=lon,
            span_deg=_INSET_SPAN.get(code, 0.5),
        )
    return out


def _territory_of(region: str | None) -> str | None:
    """The overseas territory code of a région code, ``None`` for metropolitan
    France and unknown codes."""
    if not region:
        return None
    if region in geo.OVERSEAS_REGIONS or region in geo.OVERSEAS_COLLECTIVITIES:
        return region
    return None


# ---------------------------------------------------------------- positions


@dataclass(frozen=True)
class Place:
    """What the layout knows of a node: coordinates (if any) and région,
    and a fallback point used when coordinates are missing."""

    lat: float | None
    lon: float | None
    region: str | None = None
    fallback: tuple[float, float] | None = None


@dataclass
class GeoLayout:
    """Node positions (map units), which of them are approximate (placed at a
    fallback point), and the background to draw (outline and insets)."""

    positions: dict[str, tuple[float, float]]
    approximate: set[str]
    insets: list[Inset]
    #: nodes whose coordinates lie outside their territory (an overseas
    #: cité given metropolitan coordinates, or the reverse), placed at the
    #: territory's centroid and warned about; also in ``approximate``
    misplaced: set[str] = field(default_factory=set)


#: How far (km) an overseas point may lie from its territory's centroid.
OVERSEAS_REACH_KM = 400.0


def _outside_territory(lat: float, lon: float, territory: str | None) -> bool:
    """Whether (lat, lon) lies outside ``territory`` (an overseas code) or,
    for ``None``, outside metropolitan France and Corsica.

    >>> _outside_territory(48.85, 2.35, None), _outside_territory(48.85, 2.35, "04")
    (False, True)
    >>> _outside_territory(-20.9, 55.5, "04"), _outside_territory(-20.9, 55.5, None)
    (False, True)
    """
    if territory is None:
        return not (41.0 <= lat <= 51.6 and -5.8 <= lon <= 10.0)
    try:
        c_lat, c_lon = geo.region_centroid(territory)
    except KeyError:
        return False
    k = math.cos(math.radians((lat + c_lat) / 2))
    km = 111.32 * math.hypot(lat - c_lat, (lon - c_lon) * k)
    return km > OVERSEAS_REACH_KM


def _jitter(node: str, k: int, radius: float) -> tuple[float, float]:
    """A deterministic small offset, on a golden-angle spiral, so that nodes
    sharing one fallback point do not hide each other."""
    if k == 0:
        return 0.0, 0.0
    angle = k * 2.399963229728653  # golden angle
    r = radius * math.sqrt(k)
    return r * math.cos(angle), r * math.sin(angle)


def geo_layout(places: Mapping[str, Place], *, spread: float = 3.0) -> GeoLayout:
    """Positions of nodes by longitude and latitude.

    Metropolitan points use :func:`metropolitan_xy`; overseas ones go to their
    territory's inset. A node without coordinates goes to its ``fallback``
    point (e.g. its département's centroid) and is listed as approximate;
    without either, it is left out of ``positions``. Nodes at the same point
    are spread on a small spiral (``spread`` map units) so each stays visible.

    Examples
    --------
    >>> lay = geo_layout({"paris": Place(48.8566, 2.3522, "11"),
    ...                   "reunion": Place(-20.88, 55.45, "04"),
    ...                   "nowhere": Place(None, None, "28", fallback=(49.12, 0.11))})
    >>> lay.positions["paris"]
    (-47.531, -262.035)
    >>> [i.territory for i in lay.insets], sorted(lay.approximate)
    (['04'], ['nowhere'])

    Coordinates outside the node's territory are not trusted:

    >>> lay = geo_layout({"r": Place(48.85, 2.35, "04", fallback=(-21.1, 55.5))})
    >>> sorted(lay.misplaced), lay.positions == geo_layout({"r": Place(-21.1, 55.5, "04")}).positions
    (['r'], True)
    """
    territories = sorted(
        {t for p in places.values() if (t := _territory_of(p.region))},
        key=lambda t: (t not in geo.OVERSEAS_REGIONS, t),
    )
    insets = overseas_insets(territories)
    positions: dict[str, tuple[float, float]] = {}
    approximate: set[str] = set()
    crowd: dict[tuple[float, float], int] = {}
    misplaced: set[str] = set()
    for node in sorted(places):
        p = places[node]
        territory = _territory_of(p.region)
        if p.lat is not None and p.lon is not None:
            point = (p.lat, p.lon)
            if p.region and _outside_territory(p.lat, p.lon, territory):
                # wrong coordinates (a mainland point for Réunion...): the
                # territory's own point, said on the map
                inside = p.fallback
                if inside is None or _outside_territory(*inside, territory):
                    try:
                        inside = geo.region_centroid(territory or p.region)
                    except KeyError:
                        inside = None
                if inside is not None:
                    point = inside
                    misplaced.add(node)
                    approximate.add(node)
        elif p.fallback is not None:
            point = p.fallback
            approximate.add(node)
        else:
            continue
        if territory is not None:
            x, y = insets[territory].place(*point)
        else:
            x, y = metropolitan_xy(*point)
        k = crowd.get((x, y), 0)
        crowd[(x, y)] = k + 1
        dx, dy = _jitter(node, k, spread)
        positions[node] = (round(x + dx, 3), round(y + dy, 3))
    return GeoLayout(positions, approximate, list(insets.values()), misplaced)


# ---------------------------------------------------------------- outline

# A coarse outline of metropolitan France and Corsica (lat, lon), traced from
# well-known coastal and border points: enough for the map to read as France
# at a glance, not for measuring anything.
FRANCE_OUTLINE: tuple[tuple[float, float], ...] = (
    (51.05, 2.37),
    (50.80, 2.60),
    (50.70, 3.20),
    (50.50, 3.60),
    (50.30, 4.10),
    (50.00, 4.20),
    (50.15, 4.83),
    (49.80, 4.90),
    (49.52, 5.76),
    (49.45, 6.35),
    (49.20, 6.70),
    (49.15, 7.40),
    (48.97, 8.23),
    (48.60, 7.80),
    (48.00, 7.58),
    (47.58, 7.58),
    (47.50, 7.00),
    (47.10, 6.70),
    (46.70, 6.30),
    (46.40, 6.10),
    (46.15, 5.97),
    (46.30, 6.80),
    (45.95, 7.00),
    (45.60, 7.10),
    (45.10, 6.70),
    (44.80, 7.00),
    (44.40, 6.90),
    (44.10, 7.70),
    (43.78, 7.50),
    (43.70, 7.25),
    (43.55, 7.00),
    (43.20, 6.60),
    (43.10, 5.90),
    (43.30, 5.35),
    (43.35, 4.60),
    (43.50, 4.10),
    (43.40, 3.60),
    (43.10, 3.10),
    (42.75, 3.05),
    (42.45, 3.17),
    (42.45, 2.50),
    (42.60, 1.80),
    (42.70, 1.00),
    (42.80, 0.30),
    (42.85, -0.40),
    (43.00, -1.00),
    (43.35, -1.78),
    (43.50, -1.50),
    (44.20, -1.30),
    (44.65, -1.25),
    (45.30, -1.15),
    (45.60, -1.20),
    (46.15, -1.20),
    (46.50, -1.80),
    (46.90, -2.10),
    (47.27, -2.20),
    (47.50, -2.80),
    (47.70, -3.40),
    (47.85, -4.20),
    (48.04, -4.74),
    (48.40, -4.78),
    (48.65, -4.30),
    (48.70, -3.60),
    (48.85, -3.00),
    (48.55, -2.50),
    (48.65, -2.00),
    (48.65, -1.50),
    (48.85, -1.60),
    (49.25, -1.60),
    (49.72, -1.94),
    (49.67, -1.26),
    (49.35, -1.10),
    (49.35, -0.40),
    (49.28, 0.00),
    (49.49, 0.10),
    (49.70, 0.20),
    (49.92, 1.08),
    (50.20, 1.60),
    (50.72, 1.60),
    (50.95, 1.85),
)
CORSICA_OUTLINE: tuple[tuple[float, float], ...] = (
    (43.00, 9.42),
    (42.70, 9.45),
    (42.10, 9.55),
    (41.60, 9.30),
    (41.38, 9.20),
    (41.60, 8.80),
    (41.90, 8.70),
    (42.30, 8.60),
    (42.57, 8.76),
    (42.75, 9.30),
)


def outline_polygons() -> list[list[tuple[float, float]]]:
    """The outlines of metropolitan France and Corsica in map units."""
    return [
        [metropolitan_xy(lat, lon) for lat, lon in poly]
        for poly in (FRANCE_OUTLINE, CORSICA_OUTLINE)
    ]


def region_label_points(codes: list[str]) -> dict[str, tuple[float, float]]:
    """Where to write the names of metropolitan régions (their centroids)."""
    return {
        c: metropolitan_xy(*geo.REGION_CENTROIDS[c])
        for c in codes
        if c in geo.METROPOLITAN_REGIONS and c in geo.REGION_CENTROIDS
    }
