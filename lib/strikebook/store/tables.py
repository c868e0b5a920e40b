"""Writing and reading the tables: UTF-8 CSV (byte-identical across runs) and places.geojson."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from strikebook.schema import COLUMNS
from strikebook.store.files import atomic_write_bytes, atomic_write_text  # noqa: F401 (the one writer)


def to_csv_text(df: pd.DataFrame) -> str:
    plain = pd.DataFrame(df.drop(columns=["geometry"], errors="ignore"))
    return plain.to_csv(index=False, lineterminator="\n")


def places_geojson(df: pd.DataFrame) -> str:
    """GeoJSON FeatureCollection of the located places (rows without coordinates are left out)."""
    features = []
    cols = [c for c in df.columns if c != "geometry"]
    for rec in df[cols].to_dict("records"):
        lat, lon = rec.get("lat"), rec.get("lon")
        if lat is None or lon is None or pd.isna(lat) or pd.isna(lon):
            continue
        props = {k: (None if (not isinstance(v, str) and pd.isna(v)) else v) for k, v in rec.items()}
        props = {k: (v.item() if hasattr(v, "item") else v) for k, v in props.items()}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]}})
    # one feature per line: readable, and written by json's C encoder (an `indent` makes it pure Python)
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection", "features": [\n' + body + ("\n" if body else "") + "]}\n"


def write_tables(tables, out_dir: Path, written: list | None = None) -> list[Path]:
    written = written if written is not None else []
    for name in COLUMNS:
        path = out_dir / f"{name}.csv"
        atomic_write_text(path, to_csv_text(getattr(tables, name)))
        written.append(path)
    path = out_dir / "places.geojson"
    atomic_write_text(path, places_geojson(tables.places))
    written.append(path)
    return written


def read_tables(out_dir) -> dict[str, pd.DataFrame]:
    """Read tables written by `write_tables` back (empty strings stay empty strings)."""
    out_dir = Path(out_dir)
    return {name: pd.read_csv(out_dir / f"{name}.csv", keep_default_na=False, na_values=[""])
            for name in COLUMNS if (out_dir / f"{name}.csv").exists()}
