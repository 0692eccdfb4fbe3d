"""Settings from the environment and the command line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
GEOGRAPHY_DIR = DEFAULT_DATA_DIR / "geo"
TRUE_WORDS: Final = ("true", "yes", "1", "y")
"""On/off words, read the same way in environment variables and in the data files' true/false columns."""
DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
SCHEME_DIR_ENV = "DASHBOARD_SCHEME_DIR"
"""A region scheme's folder (scheme.json, county_regions.csv, counties.geojson) to serve instead of Colorado's."""
INSTANCE_DIR_ENV = "DASHBOARD_INSTANCE_DIR"
DATABASE_URL_ENV = "DATABASE_URL"


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether an on/off environment variable is on: true, yes, 1 or y, in any case (as in the data files)."""
    env = os.environ if environ is None else environ
    return env.get(name, "").strip().lower() in TRUE_WORDS


def env_number(name: str, default: float, *, minimum: float) -> float:
    """A number from the environment: the default when unset or not a number, never below `minimum`."""
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        value = default
    return max(minimum, value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    instance_dir: Path | None = None
    """Where the SQLite store, the session key and the editors file live (default: beside data_dir)."""
    database_url: str | None = None
    """SQLAlchemy URL of the store (PostgreSQL when several instances share it); default SQLite."""

    @property
    def instance(self) -> Path:
        return self.instance_dir or self.data_dir.parent / "instance"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).resolve(),
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("PORT", "8050")),
            debug=env_flag("DASHBOARD_DEBUG", env),
            instance_dir=Path(env[INSTANCE_DIR_ENV]).resolve() if env.get(INSTANCE_DIR_ENV) else None,
            database_url=env.get(DATABASE_URL_ENV) or None,
        )

    @classmethod
    def from_args(cls, argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        base = cls.from_env(environ)
        parser = argparse.ArgumentParser(description="Serve the Colorado Sector Partnerships Dashboard.")
        parser.add_argument("--data-dir", type=Path, default=base.data_dir, help=f"data directory (env {DATA_DIR_ENV})")
        parser.add_argument("--host", default=base.host)
        parser.add_argument("--port", type=int, default=base.port, help="port (env PORT)")
        parser.add_argument("--debug", action="store_true", default=base.debug)
        args = parser.parse_args(argv)
        return cls(
            data_dir=args.data_dir.resolve(),
            host=args.host,
            port=args.port,
            debug=args.debug,
            instance_dir=base.instance_dir,
            database_url=base.database_url,
        )
