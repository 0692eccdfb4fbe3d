"""A state's counties, the regions its scheme groups them into, and their geometry.

A geography folder holds one region scheme: ``scheme.json`` (the state, and what the scheme calls its
regions), ``county_regions.csv`` (county FIPS → region) and ``counties.geojson`` (county boundaries,
derived from the Census cartographic boundary file by ``scripts/build_geography.py``); regions are
dissolved from the counties here. Colorado's scheme, its planning and management regions, is the default
(``data/geo/``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import math
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import shapely.geometry
import shapely.ops

from dashboard.data.caching import Cached, lru
from dashboard.data.config import GEOGRAPHY_DIR, SCHEME_DIR_ENV
from dashboard.data.contract import DataContractError, Problem, spreadsheet_row

log = logging.getLogger(__name__)
COUNTY_GEOMETRY = "counties.geojson"
"""The state's county boundaries in a geography folder (GeoJSON, one feature per county, by FIPS)."""
REGION_CROSSWALK = "county_regions.csv"
"""The scheme's county → region crosswalk, in a geography folder."""
SCHEME = "scheme.json"
"""The state and the scheme's words for its regions, in a geography folder."""
# What the browser gets: region outlines simplified as a coverage (shared borders stay shared) at
# ~1 km, coordinates at 3 decimals (~100 m). Both are below a pixel of a statewide map and keep
# the region GeoJSON near 20 KB instead of the ~100 KB of the county file.
BROWSER_TOLERANCE = 0.01
BROWSER_DECIMALS = 3


class SchemeError(DataContractError):
    """A geography folder's scheme.json is missing or malformed, or its counties are another state's: said
    as any file's problems are, by file, row and column."""


def _refuse(geo_dir: Path, *problems: Problem) -> SchemeError:
    return SchemeError(str(geo_dir), list(problems))


@dataclass(frozen=True)
class Scheme:
    """What a region scheme says of itself: the state it covers and what it calls its regions."""

    state: str
    """The state's name, as sentences use it ("Active elsewhere in Colorado …")."""
    state_postal: str
    state_fips: str
    regions_title: str
    """What the page calls the regions ("economic development regions")."""
    regions_source: str
    """What the state calls the scheme the regions come from ("planning and management regions")."""
    regions_cited: str = ""
    """Optional: where the county → region list is published, as the page's sources line cites it."""


def read_scheme(geo_dir: Path = GEOGRAPHY_DIR) -> Scheme:
    """A geography folder's scheme.json, each field a non-empty string and the FIPS code two digits."""
    try:
        text = (geo_dir / SCHEME).read_text(encoding="utf-8")
    except OSError as error:
        said = (
            f"cannot be read ({error.strerror or error}): a scheme's folder holds scheme.json, "
            "county_regions.csv and counties.geojson"
        )
        raise _refuse(geo_dir, Problem(SCHEME, None, None, said)) from error
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise _refuse(geo_dir, Problem(SCHEME, None, None, f"cannot be read as JSON ({error})")) from error
    if not isinstance(raw, dict):
        raise _refuse(geo_dir, Problem(SCHEME, None, None, f"expected an object of fields, found {type(raw).__name__}"))
    fields = [f.name for f in dataclasses.fields(Scheme)]
    required = [f.name for f in dataclasses.fields(Scheme) if f.default is dataclasses.MISSING]
    missing = [name for name in required if not isinstance(raw.get(name), str) or not raw[name].strip()]
    wrong = [name for name in fields if name not in required and name in raw and not isinstance(raw[name], str)]
    if missing or wrong:
        refused = [Problem(SCHEME, None, name, "missing or empty: give it as text") for name in missing]
        refused += [Problem(SCHEME, None, name, "give it as text") for name in wrong]
        raise _refuse(geo_dir, *refused)
    scheme = Scheme(**{name: raw[name].strip() for name in fields if name in raw})
    if not (len(scheme.state_fips) == 2 and scheme.state_fips.isdigit()):
        said = f"{scheme.state_fips!r} is not a state's two-digit FIPS code (Colorado's is '08')"
        raise _refuse(geo_dir, Problem(SCHEME, None, "state_fips", said))
    return scheme


@dataclass(frozen=True)
class Geography:
    counties: pd.DataFrame
    """One row per county: county_fips, county, region, region_name."""
    regions: pd.DataFrame
    """One row per region, indexed by region number: region_name, counties (list), label_lon, label_lat,
    and number_side: where a number written beside a mark at that point stays on its own region
    ("above", "below", "right" or "left", see _number_side)."""
    region_geojson: dict[str, Any]
    """FeatureCollection of the regions; feature ``id`` is the region number as a string."""
    scheme: Scheme
    link_tag: str = ""
    """What a link says its region numbers belong to: '' for the default scheme (Colorado's), else the
    state's postal code and its number of regions ('wa12'), so that a link opened on another scheme's
    dashboard is known for what it is."""

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east and north edges of the regions drawn (the browser's GeoJSON)."""
        shapes = [shapely.geometry.shape(feature["geometry"]) for feature in self.region_geojson["features"]]
        west, south, east, north = (float(edge) for edge in shapely.total_bounds(shapes))
        return west, south, east, north

    @property
    def state_fips(self) -> str:
        """The state's two-digit FIPS code ('08'): the first two digits of every county's code."""
        return str(self.counties["county_fips"].iloc[0])[:2]

    @property
    def state_name(self) -> str:
        return self.scheme.state

    @property
    def dashboard_title(self) -> str:
        """The dashboard's name for its state: the page's heading, a deck's title."""
        return f"{self.scheme.state} Sector Partnerships"

    @property
    def county_names(self) -> list[str]:
        return sorted(self.counties["county"])

    def region_label(self, region: int) -> str:
        return f"Region {region} · {self.regions.at[region, 'region_name']}"

    def region_of_county(self) -> dict[str, int]:
        return dict(zip(self.counties["county"], self.counties["region"], strict=True))


REGION_CROSSWALK_COLUMNS = ("county_fips", "county", "region", "region_name")
"""county_regions.csv's columns: a county's five-digit FIPS code and name, its region's number and name."""


def read_county_regions(geo_dir: Path = GEOGRAPHY_DIR) -> pd.DataFrame:
    """A scheme's county → region crosswalk as written (checked by check_crosswalk)."""
    return read_county_regions_bytes((geo_dir / REGION_CROSSWALK).read_bytes())


def read_county_regions_bytes(content: bytes) -> pd.DataFrame:
    """A county → region crosswalk from its bytes: text cells, trimmed; the region a number when every
    cell is one (check_crosswalk says what is wrong otherwise)."""
    frame = pd.read_csv(
        io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda column: column.str.strip())
    if set(REGION_CROSSWALK_COLUMNS) <= set(frame.columns) and frame["region"].str.fullmatch(r"\s*\d+\s*").all():
        frame["region"] = frame["region"].astype(int)
    return frame


def check_crosswalk(crosswalk: pd.DataFrame, scheme: Scheme, state_counties: pd.DataFrame) -> list[Problem]:
    """What is wrong with a county → region crosswalk for `scheme`'s state, whose counties (county_fips,
    county) are `state_counties`, by row and column: every county of the state in exactly one region, by
    its five-digit FIPS code, each region a whole number with one name."""
    missing = [c for c in REGION_CROSSWALK_COLUMNS if c not in crosswalk.columns]
    if missing:
        found = ", ".join(map(repr, crosswalk.columns)) or "none"
        said = f"missing: the crosswalk's columns are {', '.join(REGION_CROSSWALK_COLUMNS)} (found {found})"
        return [Problem(REGION_CROSSWALK, 1, column, said) for column in missing]
    problems: list[Problem] = []
    names = dict(zip(state_counties["county_fips"], state_counties["county"], strict=True))
    state = scheme.state
    first_row: dict[str, int] = {}
    region_names: dict[str, tuple[str, int]] = {}
    for i, record in crosswalk.astype(str).iterrows():
        row = spreadsheet_row(int(str(i)))
        fips, county = record["county_fips"].strip(), record["county"].strip()
        region, region_name = record["region"].strip(), record["region_name"].strip()
        if not fips:
            problems.append(
                Problem(REGION_CROSSWALK, row, "county_fips", "missing: give the county's five-digit FIPS code")
            )
        elif fips.isdigit() and len(fips) == 4 and ("0" + fips) in names:
            said = (
                f"{fips!r} has lost its leading zero (a spreadsheet read the code as a number): "
                f"write it as '0{fips}', as text"
            )
            problems.append(Problem(REGION_CROSSWALK, row, "county_fips", said, fips))
        elif not (fips.isdigit() and len(fips) == 5):
            said = f"{fips!r} is not a five-digit county FIPS code"
            problems.append(Problem(REGION_CROSSWALK, row, "county_fips", said, fips))
        elif not fips.startswith(scheme.state_fips):
            said = f"{fips!r} is not a county of {state} (scheme.json: its county codes start {scheme.state_fips})"
            problems.append(Problem(REGION_CROSSWALK, row, "county_fips", said, fips))
        elif fips not in names:
            said = f"{fips!r} is not one of {state}'s {len(names)} counties in the Census county file"
            problems.append(Problem(REGION_CROSSWALK, row, "county_fips", said, fips))
        elif fips in first_row:
            said = (
                f"{fips!r} ({names[fips]}) is given twice, in rows {first_row[fips]} and {row}: "
                "a county belongs to one region"
            )
            problems.append(Problem(REGION_CROSSWALK, row, "county_fips", said, fips))
        else:
            first_row[fips] = row
        if not county:
            problems.append(Problem(REGION_CROSSWALK, row, "county", "missing: give the county's name"))
        if not region:
            said = "missing: every county belongs to a region (give the region's number)"
            problems.append(Problem(REGION_CROSSWALK, row, "region", said))
        elif not (region.isdigit() and int(region) > 0):
            problems.append(
                Problem(REGION_CROSSWALK, row, "region", f"{region!r} is not a region number (1, 2, 3 …)", region)
            )
        if not region_name:
            problems.append(Problem(REGION_CROSSWALK, row, "region_name", "missing: give the region's name"))
        elif region.isdigit():
            key = str(int(region))
            named, where = region_names.setdefault(key, (region_name, row))
            if named != region_name:
                said = f"{region_name!r}, but row {where} names region {key} {named!r}: a region has one name"
                problems.append(Problem(REGION_CROSSWALK, row, "region_name", said, region_name))
    numbers = {int(r) for r in crosswalk["region"].astype(str).str.strip() if r.isdigit() and int(r) > 0}
    empty = sorted(set(range(1, max(numbers, default=0) + 1)) - numbers)
    if empty:
        listed = ", ".join(map(str, empty))
        said = (
            f"region {listed} {'has' if len(empty) == 1 else 'have'} no county: number the regions 1 to "
            f"{len(numbers)} without a gap (the map and the data files name regions by these numbers)"
        )
        problems.append(Problem(REGION_CROSSWALK, None, "region", said))
    for fips in sorted(set(names) - set(crosswalk["county_fips"].astype(str).str.strip())):
        if fips[1:] in set(crosswalk["county_fips"].astype(str).str.strip()):
            continue  # said above, as a lost leading zero
        said = f"{names[fips]} ({fips}) is left out: every county of {state} belongs to one region"
        problems.append(Problem(REGION_CROSSWALK, None, "county_fips", said))
    return problems


def read_county_geometry(geo_dir: Path = GEOGRAPHY_DIR) -> gpd.GeoDataFrame:
    counties = gpd.read_file(geo_dir / COUNTY_GEOMETRY)
    counties["county_fips"] = counties["county_fips"].astype(str)
    return counties


def dissolve_regions(counties: gpd.GeoDataFrame, county_regions: pd.DataFrame) -> gpd.GeoDataFrame:
    """Union each region's counties into one (multi)polygon, indexed by region number."""
    joined = counties.drop(columns=["county"]).merge(
        county_regions[["county_fips", "region", "region_name"]], on="county_fips", validate="1:1"
    )
    regions = joined.dissolve(by="region", aggfunc={"region_name": "first"})
    regions["geometry"] = shapely.make_valid(regions.geometry.values)
    return regions.sort_index()


def browser_tolerance(regions: gpd.GeoDataFrame) -> float:
    """How far the browser's outlines may stray from the counties': the map is drawn the same width for any
    state, so a wider state may lose proportionally more (a degree is fewer pixels), never less than
    Colorado's 0.01° (Texas, about 13° across: 0.016°)."""
    west, _, east, _ = (float(edge) for edge in regions.total_bounds)
    return max(BROWSER_TOLERANCE, (east - west) / 800)


def region_feature_collection(
    regions: gpd.GeoDataFrame, tolerance: float = BROWSER_TOLERANCE, decimals: int = BROWSER_DECIMALS
) -> dict[str, Any]:
    """A compact GeoJSON FeatureCollection for the browser: simplified, rounded, valid, no properties."""
    simplified = regions.geometry.simplify_coverage(tolerance) if tolerance else regions.geometry
    geometry = shapely.set_precision(simplified.values, 10**-decimals)
    features = [
        {"type": "Feature", "id": str(region), "properties": {}, "geometry": json.loads(shapely.to_geojson(geom))}
        for region, geom in zip(regions.index, geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def _label_point(geometry: shapely.Geometry) -> shapely.Point:
    parts = list(geometry.geoms) if isinstance(geometry, shapely.MultiPolygon) else [geometry]
    largest = max(parts, key=lambda part: part.area)
    return shapely.ops.polylabel(largest, tolerance=0.01)


# A number written beside a mark at a region's label point (the map's gap ✕, 22 px across) needs, from
# the point: the mark's half width and the number's height (15 px type) above or below it, or its
# width (about 10.5 px a digit) to the right or left.
MARK_HALF = 11.0
NUMBER_HEIGHT = 18.0
DIGIT_WIDTH = 10.5


def _number_side(geometry: shapely.Geometry, point: shapely.Point, region: int) -> str:
    """The side of `point` where a number beside a mark has the most room inside the region, relative
    to what it needs: the region's extent straight north, south, east and west of the point, with a
    degree of longitude counted as cos(latitude) of one of latitude, as the map's Mercator draws it."""
    west, south, east, north = geometry.bounds
    across = math.cos(math.radians(point.y))

    def reach(line: shapely.LineString) -> tuple[float, float, float, float]:
        cut = line.intersection(geometry)
        pieces = list(cut.geoms) if hasattr(cut, "geoms") else [cut]
        through = next((p for p in pieces if not p.is_empty and p.distance(point) < 1e-9), None)
        return through.bounds if through is not None else (point.x, point.y, point.x, point.y)

    _, low, _, high = reach(shapely.LineString([(point.x, south - 1), (point.x, north + 1)]))
    left, _, right, _ = reach(shapely.LineString([(west - 1, point.y), (east + 1, point.y)]))
    wide = MARK_HALF + DIGIT_WIDTH * len(str(region))
    room = {
        "above": (high - point.y) / (MARK_HALF + NUMBER_HEIGHT),
        "below": (point.y - low) / (MARK_HALF + NUMBER_HEIGHT),
        "right": (right - point.x) * across / wide,
        "left": (point.x - left) * across / wide,
    }
    return max(room, key=lambda side: room[side])  # the first of equals: above


_geographies: Cached[Path, Geography] = lru(2)


def scheme_in_force() -> Path:
    """The region scheme this process serves: the folder DASHBOARD_SCHEME_DIR names, else Colorado's."""
    named = os.environ.get(SCHEME_DIR_ENV, "").strip()
    return Path(named).resolve() if named else GEOGRAPHY_DIR


def scheme_fingerprint(geo_dir: Path | None = None) -> str:
    """What identifies a scheme folder's content (its scheme.json and crosswalk): a store's cached frames are
    kept per scheme, so that data checked against one is never served under another."""
    folder = scheme_in_force() if geo_dir is None else geo_dir
    digest = hashlib.sha256()
    for name in (SCHEME, REGION_CROSSWALK):
        path = folder / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return digest.hexdigest()[:16]


def load_geography(geo_dir: Path | None = None) -> Geography:
    """The counties, regions and region outlines of `geo_dir` (default: the scheme in force), read once per
    process."""
    folder = scheme_in_force() if geo_dir is None else geo_dir
    return _geographies.get(folder, lambda: _read_geography(folder))


def _read_geography(geo_dir: Path) -> Geography:
    scheme = read_scheme(geo_dir)
    try:
        county_regions = read_county_regions(geo_dir)
    except (OSError, ValueError) as error:  # not there, not UTF-8, not CSV
        raise _refuse(
            geo_dir, Problem(REGION_CROSSWALK, None, None, f"cannot be read as a CSV file ({error})")
        ) from error
    county_shapes = _county_shapes(geo_dir, scheme)
    problems = check_crosswalk(county_regions, scheme, county_shapes)
    if problems:
        raise _refuse(geo_dir, *problems)
    tag = (
        ""
        if geo_dir.resolve() == GEOGRAPHY_DIR.resolve()
        else f"{scheme.state_postal.lower()}{_regions_in(county_regions)}"
    )
    return _geography(scheme, county_regions, county_shapes, tag)


_county_shape_cache: Cached[Path, gpd.GeoDataFrame] = lru(2)


def _county_shapes(geo_dir: Path, scheme: Scheme) -> gpd.GeoDataFrame:
    """The scheme folder's county shapes: its counties.geojson, or, when it has none, the state's counties
    made from the Census county file at first load, and kept beside the scheme (when the folder can be written
    to; else for this process only)."""

    def read() -> gpd.GeoDataFrame:
        path = geo_dir / COUNTY_GEOMETRY
        if not path.exists():
            return _made_at_first_load(geo_dir, scheme)
        try:
            return read_county_geometry(geo_dir)
        except Exception as error:  # pyogrio's DataSourceError and kin: not GeoJSON
            said = (
                f"cannot be read ({error}): delete it and the dashboard makes it again from the Census county "
                f"file, or run 'python scripts/build_geography.py --folder {geo_dir}'"
            )
            raise _refuse(geo_dir, Problem(COUNTY_GEOMETRY, None, None, said)) from error

    return _county_shape_cache.get(geo_dir, read)


def _made_at_first_load(geo_dir: Path, scheme: Scheme) -> gpd.GeoDataFrame:
    from dashboard.data import census

    try:
        counties = census.state_counties(scheme.state_fips)
    except ImportError as error:
        said = (
            "is missing, and the Census county file it is made from is not installed (the plotly-geo package): "
            f"install it, or run 'python scripts/build_geography.py --folder {geo_dir}' where it is"
        )
        raise _refuse(geo_dir, Problem(COUNTY_GEOMETRY, None, None, said)) from error
    if not len(counties):
        said = f"{scheme.state_fips!r} is no state's FIPS code in the Census county file"
        raise _refuse(geo_dir, Problem(SCHEME, None, "state_fips", said))
    try:
        census.write(counties, geo_dir / COUNTY_GEOMETRY)
        log.info("made %s from the Census county file (%d counties)", geo_dir / COUNTY_GEOMETRY, len(counties))
    except OSError as error:  # a read-only folder: made again at the next start
        log.warning("made %s's counties from the Census file but cannot keep them there: %s", scheme.state, error)
    # Read back as the file is read: the same rounding whether it was kept or not.
    made = gpd.read_file(io.StringIO(census.geojson_text(counties)))
    made["county_fips"] = made["county_fips"].astype(str)
    return made


def _regions_in(county_regions: pd.DataFrame) -> int:
    return int(county_regions["region"].nunique())


_regroupings: Cached[tuple[Path, str], Geography] = lru(4)


def regrouped(base: Geography, content: bytes, where: str) -> Geography:
    """The state in force with its counties grouped as an uploaded county_regions.csv groups them (a version's
    own region scheme): checked as the scheme's crosswalk is, by row and column, and drawn from the same county
    shapes. Its links carry a tag of their own (the state, its number of regions and the file's first hex
    digits), so a link made on the scheme before opens without its regions rather than on the wrong ones."""
    digest = hashlib.sha256(content).hexdigest()
    folder = scheme_in_force()

    def build() -> Geography:
        try:
            frame = read_county_regions_bytes(content)
        except (ValueError, UnicodeDecodeError) as error:
            said = f"cannot be read as a CSV file ({error})"
            raise SchemeError(where, [Problem(REGION_CROSSWALK, None, None, said)]) from error
        shapes = _county_shapes(folder, base.scheme)
        problems = check_crosswalk(frame, base.scheme, shapes)
        if problems:
            raise SchemeError(where, problems)
        tag = f"{base.scheme.state_postal.lower()}{_regions_in(frame)}-{digest[:6]}"
        return _geography(base.scheme, frame, shapes, tag)

    return _regroupings.get((folder, digest), build)


def _geography(
    scheme: Scheme, county_regions: pd.DataFrame, county_shapes: gpd.GeoDataFrame, link_tag: str
) -> Geography:
    regions_geo = dissolve_regions(county_shapes, county_regions)
    # The point of each region farthest from its border (pole of inaccessibility) of its largest
    # part: where a "no partnership" marker and label sit clear of the neighbours.
    labels = gpd.GeoSeries([_label_point(geom) for geom in regions_geo.geometry], index=regions_geo.index)
    regions = pd.DataFrame(
        {
            "region_name": regions_geo["region_name"],
            "counties": county_regions.groupby("region")["county"].apply(sorted),
            "label_lon": labels.x.round(4),
            "label_lat": labels.y.round(4),
            "number_side": [
                _number_side(g, p, int(r))
                for r, g, p in zip(regions_geo.index, regions_geo.geometry, labels, strict=True)
            ],
        }
    )
    regions.index.name = "region"
    return Geography(
        counties=county_regions.sort_values("county").reset_index(drop=True),
        regions=regions,
        region_geojson=region_feature_collection(regions_geo, browser_tolerance(regions_geo)),
        scheme=scheme,
        link_tag=link_tag,
    )
