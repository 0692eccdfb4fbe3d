"""QCEW files as BLS ships them: the per-area set with the statewide (08000) and unknown-county (08999)
files, a slice of the single file with other areas' rows, a ZIP (and hostile ones), and a file too large
to keep whole, reduced to the state's rows. What is kept and skipped is counted here with the csv module."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.priority import basis, priority_gaps, region_industries
from dashboard.analysis.text import qcew_rows_read
from dashboard.data import qcew_files
from dashboard.data.config import DEFAULT_DATA_DIR
from dashboard.data.contract import DataContractError
from dashboard.data.files import load_dataset
from dashboard.data.geography import read_county_regions
from dashboard.data.qcew_files import ZipLimits, area_in_name, read_large_csv, read_zip
from scripts.generate_sample_qcew import by_area, sample_rows, write
from tests import expected

COUNTIES = set(read_county_regions()["county_fips"])
REGION_OF = dict(zip(read_county_regions()["county_fips"], read_county_regions()["region"], strict=True))
BY_AREA = "2023.annual.by_area/"


@pytest.fixture(scope="module")
def area_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Colorado's sample per-area files, named as BLS names them (after 'sample-'), with 08000 and 08999."""
    folder = tmp_path_factory.mktemp("by-area")
    for name, rows in by_area(sample_rows()).items():
        write(folder / name, rows)
    return folder


def data_dir(tmp_path: Path, qcew: dict[str, bytes]) -> Path:
    """The default data with these files in its qcew/ folder."""
    directory = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, directory, ignore=shutil.ignore_patterns("qcew"))
    (directory / "qcew").mkdir()
    for name, content in qcew.items():
        (directory / "qcew" / name).write_bytes(content)
    return directory


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def what_becomes_of(rows: list[dict[str, str]]) -> dict[str, int]:
    """Counted by the rule the Data page states: counties' and the state's private rows at the levels read are
    kept; 08999 is in no county; other areas are outside; the state's other rows are not read."""
    counts = {"rows": len(rows), "kept": 0, "outside": 0, "no_county": 0, "not_read": 0}
    for row in rows:
        area, level, private = row["area_fips"], row["agglvl_code"], row["own_code"] == "5"
        if area in COUNTIES:
            counts["kept" if private and level in ("71", "74", "75", "76") else "not_read"] += 1
        elif area == "08000":
            counts["kept" if private and level in ("51", "54", "55", "56") else "not_read"] += 1
        elif area == "08999":
            counts["no_county"] += 1
        else:
            counts["outside"] += 1
    return counts


HEADER = (
    "area_fips,own_code,industry_code,agglvl_code,size_code,year,qtr,disclosure_code,area_title,own_title,"
    "industry_title,agglvl_title,size_title,annual_avg_estabs_count,annual_avg_emplvl,total_annual_wages"
)


def line(area: str, code: str, level: str, jobs: int, *, own: str = "5", flag: str = "", title: str = "x") -> str:
    return f'{area},{own},{code},{level},0,2023,A,{flag},"{title}",x,x,x,x,10,{0 if flag else jobs},0'


def qcew_csv(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# The per-area set


def test_the_per_area_set_keeps_the_counties_and_the_states_totals(area_set: Path, tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in sorted(area_set.iterdir())}
    ds = load_dataset(data_dir(tmp_path, files))
    reports = ds.employment_files.set_index("file")
    assert len(reports) == 66
    for name, content in files.items():
        counted = what_becomes_of(csv_rows(content))
        report = reports.loc["qcew/" + name]
        assert {k: int(report[k]) for k in counted} == counted, name
        assert bool(report["statewide"]) == (" 08000 " in name)
    unknown = reports.loc[next(n for n in reports.index if " 08999 " in n)]
    assert unknown["kept"] == 0 and unknown["no_county"] == unknown["rows"] > 0
    # The statewide file is the base of the location quotients, and the page says so.
    where = basis(ds)
    assert where is not None and where.statewide == "08000" and where.counties == 64
    assert where.phrase().endswith("location quotients against Colorado's statewide totals (08000)")
    # Healthcare (NAICS 62) in region 1: its share over the statewide share, each read from the files.
    region_jobs = region_total = 0.0
    for content in files.values():
        for row in csv_rows(content):
            if row["own_code"] == "5" and REGION_OF.get(row["area_fips"]) == 1 and row["disclosure_code"] != "N":
                region_total += float(row["annual_avg_emplvl"]) if row["agglvl_code"] == "71" else 0
                region_jobs += float(row["annual_avg_emplvl"]) if row["industry_code"] == "62" else 0
    state = {
        (r["agglvl_code"], r["industry_code"]): float(r["annual_avg_emplvl"])
        for r in csv_rows(files["sample-2023.annual 08000 Colorado -- Statewide.csv"])
        if r["own_code"] == "5"
    }
    frame = region_industries(ds).set_index(["region", "industry"])
    lq = (region_jobs / region_total) / (state[("54", "62")] / state[("51", "10")])
    assert frame.at[(1, "Healthcare"), "lq"] == pytest.approx(lq)
    gaps = priority_gaps(ds)
    assert [
        (int(r), i, round(j)) for r, i, j in zip(gaps["region"], gaps["industry"], gaps["employment"], strict=True)
    ] == (expected.priority_gaps(DEFAULT_DATA_DIR, sorted(area_set.iterdir())))


def test_without_the_statewide_file_the_counties_are_the_base(area_set: Path, tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in sorted(area_set.iterdir()) if " 08000 " not in p.name}
    ds = load_dataset(data_dir(tmp_path, files))
    where = basis(ds)
    assert where is not None and not where.statewide
    assert where.phrase().endswith("location quotients against the sum of the counties loaded")
    gaps = priority_gaps(ds)
    paths = [p for p in sorted(area_set.iterdir()) if " 08000 " not in p.name]
    assert [
        (int(r), i, round(j)) for r, i, j in zip(gaps["region"], gaps["industry"], gaps["employment"], strict=True)
    ] == (expected.priority_gaps(DEFAULT_DATA_DIR, paths))


def test_an_industry_suppressed_statewide_compares_with_the_counties(tmp_path: Path) -> None:
    rows = [
        line("08001", "10", "71", 1000), line("08001", "62", "74", 300), line("08001", "31-33", "74", 100),
        line("08101", "10", "71", 3000), line("08101", "62", "74", 300), line("08101", "31-33", "74", 900),
        line("08000", "10", "51", 8000), line("08000", "62", "54", 1000), line("08000", "31-33", "54", 0, flag="N"),
    ]  # fmt: skip
    crosswalk = (DEFAULT_DATA_DIR / "naics-crosswalk.csv").read_text(encoding="utf-8")
    ds = load_dataset(data_dir(tmp_path, {"slice.csv": qcew_csv(rows)}))
    assert "Healthcare,62" in crosswalk and "Manufacturing,31-33" in crosswalk
    frame = region_industries(ds).set_index(["region", "industry"])
    adams, pueblo = REGION_OF["08001"], REGION_OF["08101"]
    assert frame.at[(adams, "Healthcare"), "lq"] == pytest.approx((300 / 1000) / (1000 / 8000))
    assert frame.at[(pueblo, "Manufacturing"), "lq"] == pytest.approx((900 / 3000) / (1000 / 4000))
    where = basis(ds)
    assert where is not None and where.lq_phrase() == (
        "location quotients against Colorado's statewide totals (08000), except Manufacturing (not given "
        "statewide: against the sum of the counties loaded)"
    )


def test_the_statewide_rows_given_twice_are_refused(tmp_path: Path) -> None:
    state = [line("08001", "10", "71", 10), line("08000", "10", "51", 10)]
    with pytest.raises(DataContractError) as raised:
        load_dataset(data_dir(tmp_path, {"a.csv": qcew_csv(state), "b.csv": qcew_csv(state[1:])}))
    assert [str(p) for p in raised.value.problems] == [
        "qcew/b.csv, row 2, column 'industry_code': the state, 2023, industry 10 is also in qcew/a.csv (row 3); "
        "load each county and year once"
    ]


# --------------------------------------------------------------------------------------------
# ZIP archives


def zipped(entries: dict[str, bytes], *, folder: str = BY_AREA) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(folder + name, content)
    return out.getvalue()


def test_a_zip_of_the_by_area_files_reads_the_states_files_only(area_set: Path, tmp_path: Path) -> None:
    ours = {p.name: p.read_bytes() for p in sorted(area_set.iterdir())}
    # Another state's file is never opened: here it is not even CSV.
    archive = zipped({**ours, "2023.annual 56001 Albany County, Wyoming.csv": b"\x00\x01 not read", "README.txt": b"x"})
    intake = read_zip("2023_annual_by_area.zip", archive, "08", "Colorado", qcew_files.UPLOAD_ZIP)
    assert intake.problems == []
    assert intake.notes == [
        "2023_annual_by_area.zip: 66 CSV files read; 1 file for areas outside Colorado not read; 1 entry that is not "
        "CSV "
        "not read (README.txt)"
    ]
    assert {name: content for name, content in intake.files.items()} == {
        "qcew/" + name.replace(",", "-"): content for name, content in ours.items()
    }
    assert intake.sources["qcew/sample-2023.annual 08000 Colorado -- Statewide.csv"] == (
        "2023_annual_by_area.zip, entry 'sample-2023.annual 08000 Colorado -- Statewide.csv'"
    )
    # In a data directory, the ZIP is read as the files in it would be.
    from_zip = load_dataset(data_dir(tmp_path / "z", {"2023_annual_by_area.zip": archive}))
    from_files = load_dataset(data_dir(tmp_path / "f", ours))
    columns = ["county_fips", "year", "level", "code", "employment", "suppressed"]
    assert (
        from_zip.employment[columns]
        .sort_values(columns[:4])
        .reset_index(drop=True)
        .equals(from_files.employment[columns].sort_values(columns[:4]).reset_index(drop=True))
    )


def with_flag(archive: bytes, flag: int) -> bytes:
    """The archive with general-purpose flag bit `flag` set on its entries (bit 0: encrypted)."""
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for found in re.finditer(re.escape(signature), bytes(data)):
            data[found.start() + offset] |= flag
    return bytes(data)


HOSTILE = {
    "too many entries": (
        lambda: zipped({f"f{i}.txt": b"" for i in range(10_001)}, folder=""),
        "holds 10,001 entries; BLS's annual by-area archive has about 4,500 (limit 10,000): refused unread",
    ),
    "a path that leaves the archive": (
        lambda: zipped({"../2023.annual 08001 Adams.csv": b"x"}, folder=""),
        "holds an entry named '../2023.annual 08001 Adams.csv', a path that leaves the archive: refused unread",
    ),
    "an absolute path": (
        lambda: zipped({"/etc/qcew.csv": b"x"}, folder=""),
        "holds an entry named '/etc/qcew.csv', a path that leaves the archive: refused unread",
    ),
    "a compression bomb": (
        lambda: zipped({"2023.annual 08001 Adams County, Colorado.csv": b"0" * 5_000_000}),
        ":1: refused as a possible zip bomb",
    ),
    "encrypted": (
        lambda: with_flag(zipped({"a.csv": b"x"}, folder=""), 0x1),
        "entry 'a.csv' is encrypted (password-protected): save the files without a password",
    ),
    "damaged": (lambda: zipped({"a.csv": b"x" * 100})[:60], "is a damaged ZIP archive"),
    "not a zip": (lambda: b"area_fips,own_code\n", "is not a ZIP archive"),
    "no file of the state": (
        lambda: zipped({"2023.annual 56001 Albany County, Wyoming.csv": b"x"}),
        "holds no QCEW file for Colorado: its one CSV file is for another area",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_or_broken_zip_is_refused_unread(case: str) -> None:
    make, message = HOSTILE[case]
    intake = read_zip("q.zip", make(), "08", "Colorado", qcew_files.UPLOAD_ZIP)
    assert intake.files == {} and len(intake.problems) == 1
    assert message in str(intake.problems[0]) and str(intake.problems[0]).startswith("q.zip: ")


def test_what_a_zip_may_expand_to_is_checked_before_reading() -> None:
    archive = zipped({"2023.annual 08001 Adams County, Colorado.csv": b"0" * 2_000_001})
    intake = read_zip("q.zip", archive, "08", "Colorado", ZipLimits(entries=10, uncompressed=2_000_000, ratio=10**6))
    assert [str(p) for p in intake.problems] == [
        "q.zip: would expand to 2,000,001 bytes (limit 2,000,000): refused as a possible zip bomb"
    ]


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("2023.annual.by_area/2023.annual 08001 Adams County, Colorado.csv", "08001"),
        ("2023.annual 08000 Colorado -- Statewide.csv", "08000"),
        ("2023.annual US000 U.S. TOTAL.csv", "US000"),
        ("2023.annual C1974 Denver-Aurora-Centennial, CO MSA.csv", "C1974"),
        ("2023.annual.singlefile.csv", None),
        ("2023.q1-q4 08001 Adams County, Colorado.csv", "08001"),
        ("CS216 combined.csv", None),
        ("my colorado counties.csv", None),
        ("export 20231 counties.csv", None),
    ],
)
def test_the_area_a_by_area_name_gives(name: str, area: str | None) -> None:
    assert area_in_name(name) == area


# --------------------------------------------------------------------------------------------
# A file too large to keep whole (the single file for the whole country)

SLICE = [
    line("01000", "10", "51", 5, title="Alabama -- Statewide"),
    line("08001", "10", "71", 1000),
    line("US000", "10", "10", 9),
    line("08001", "62", "74", 300),
    line("56001", "10", "71", 7),
    line("08000", "10", "51", 4000),
    line("08000", "62", "54", 900),
    line("C1974", "10", "41", 9),
]


def test_a_file_too_large_to_keep_whole_is_reduced_to_the_states_rows(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(qcew_files, "KEEP_WHOLE_BYTES", 100)
    path = tmp_path / "2023.annual.singlefile.csv"
    path.write_bytes(qcew_csv(SLICE))
    intake = read_large_csv("qcew/2023.annual.singlefile.csv", path, "08", "Colorado")
    assert intake.problems == []
    assert intake.notes == [
        "qcew/2023.annual.singlefile.csv: 8 rows read; the 4 for Colorado (area_fips 08…) kept, 4 for areas "
        "outside Colorado skipped"
    ]
    kept = csv_rows(intake.files["qcew/2023.annual.singlefile.csv"])
    assert [(r["area_fips"], r["source_row"]) for r in kept] == [("08001", "3"), ("08001", "5"), ("08000", "7"),
                                                                ("08000", "8")]  # fmt: skip
    ds = load_dataset(data_dir(tmp_path, {path.name: path.read_bytes()}))
    assert sorted(ds.employment["row"]) == [3, 5, 7, 8]  # the rows of the file as downloaded
    assert basis(ds) is not None and basis(ds).statewide == "08000"  # type: ignore[union-attr]


def test_a_problem_in_a_reduced_file_names_the_row_of_the_file_as_downloaded(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(qcew_files, "KEEP_WHOLE_BYTES", 100)
    broken = list(SLICE)
    broken[3] = broken[3].replace(",10,300,", ",10,three hundred,")
    with pytest.raises(DataContractError) as raised:
        load_dataset(data_dir(tmp_path, {"single.csv": qcew_csv(broken)}))
    assert [str(p) for p in raised.value.problems] == [
        "qcew/single.csv, row 5, column 'annual_avg_emplvl': 'three hundred' is not a whole number"
    ]
    ragged = [*SLICE[:4], "08001,5,62", *SLICE[4:]]
    with pytest.raises(DataContractError) as raised:
        load_dataset(data_dir(tmp_path / "r", {"single.csv": qcew_csv(ragged)}))
    (problem,) = raised.value.problems
    assert str(problem).startswith("qcew/single.csv, row 6: is not valid CSV in the QCEW layout: Expected 16 columns")
    nowhere = [SLICE[0], SLICE[2], SLICE[4]]
    with pytest.raises(DataContractError) as raised:
        load_dataset(data_dir(tmp_path / "n", {"single.csv": qcew_csv(nowhere)}))
    assert [str(p) for p in raised.value.problems] == [
        "qcew/single.csv, column 'area_fips': has no row for Colorado (area_fips 08…): its 3 row(s) are all for "
        "other areas. Load Colorado's files, or a file that holds Colorado's rows"
    ]


# --------------------------------------------------------------------------------------------
# The sentence, against an oracle


@given(
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_what_became_of_the_rows_is_said_truly(kept: int, outside: int, no_county: int, not_read: int) -> None:
    rows = kept + outside + no_county + not_read
    sentence = qcew_rows_read(rows, kept, outside, no_county, not_read, state="Colorado", fips="08")
    assert sentence.endswith(".") and "  " not in sentence
    if rows == kept:
        assert sentence == ("Kept its one row." if rows == 1 else f"Kept all {rows:,} rows.")
        return
    if kept == 0:
        assert sentence.startswith("Kept no rows; skipped ")
    else:
        assert sentence.startswith(f"Kept {kept} of {rows} row{'s' if rows != 1 else ''}; skipped ")
    for count, words in ((outside, "for areas outside Colorado"), (no_county, "for 08999"),
                         (not_read, "of ownerships or detail levels")):  # fmt: skip
        assert (f"{count} {words}" in sentence) == bool(count)
        assert (words in sentence) == bool(count)
    assert " and " in sentence.split("skipped ", 1)[1] or sum(map(bool, (outside, no_county, not_read))) == 1
