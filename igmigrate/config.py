"""The options of one conversion, as the CLI collected them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Config:
    src: Path
    catalina_home: Path | None = None
    ig_instance: Path | None = None
    app_path: Path | None = None
    ig_dist: Path | None = None  # a standalone IG distribution: its lib/ jars are not copied
    target_version: str = "7.2"
    tomcat_version: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    secrets_mode: Literal["files", "env"] = "files"
    # The clock certificate expiry is checked against (an input, so a run is reproducible):
    # the CLI sets it (SOURCE_DATE_EPOCH, else now); None checks no expiry.
    now: datetime | None = None
