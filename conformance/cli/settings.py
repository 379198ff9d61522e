"""Settings from a file, the way pytest and Schemathesis keep them: ``pbx-conformance.toml`` or the
``[tool.pbx-conformance]`` table of ``pyproject.toml`` (the nearest one from the working directory up), or
``--config FILE``.

Keys are the long options of ``run`` (``base-url``, ``rate-limit``, ``exclude-checks``...; ``_`` may stand for
``-``); lists for repeatable options. ``[profiles.NAME]`` tables override them for ``run --profile NAME``.
Options given on the command line override the file. Secrets stay in the environment: the file refuses a
token, a password or a credential header with a literal value; ``${NAME}`` in a value reads the environment.
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from conformance.errors import ConfigError, UsageError

FILE_NAME = "pbx-conformance.toml"
TABLE = "pbx-conformance"
SECRET_KEYS = frozenset({"token", "password", "username", "access-token", "api-key"})
_SECRET_HEADER = re.compile(r"(authorization|token|api[-_]?key|secret|password|cookie)", re.IGNORECASE)
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
NOT_FROM_FILE = frozenset({"list-checks", "coverage", "config", "profile", "simulator-fault"})


def find_config(start: Path) -> Path | None:
    """The nearest ``pbx-conformance.toml``, or ``pyproject.toml`` with a ``[tool.pbx-conformance]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
        project = folder / "pyproject.toml"
        if project.is_file() and TABLE in (_read(project).get("tool") or {}):
            return project
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load_settings(path: Path, profile: str | None) -> dict[str, Any]:
    """The settings of ``path`` (its tool table for pyproject.toml), with ``profile`` applied."""
    data = _read(path)
    if path.name == "pyproject.toml":
        data = (data.get("tool") or {}).get(TABLE) or {}
    profiles = data.pop("profiles", {}) or {}
    if not isinstance(profiles, dict):
        raise ConfigError(f"{path}: [profiles] must be a table of tables")
    if profile is not None:
        if profile not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise UsageError(f"--profile {profile!r} is not in {path} (profiles: {known})")
        data = {**data, **profiles[profile]}
    return {str(key).replace("_", "-"): value for key, value in data.items()}


def _expand(value: str, where: str) -> str:
    def env(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise ConfigError(f"{where}: ${{{name}}} is not set in the environment")
        return os.environ[name]

    return _ENV.sub(env, value)


def _check_secret(key: str, value: Any, path: Path) -> None:
    if key in SECRET_KEYS:
        raise ConfigError(f"{path}: {key!r} is a secret: keep it out of the file and in the environment "
                          f"(PBX_TOKEN, PBX_USERNAME, PBX_PASSWORD)")
    if key == "header":
        for header in value if isinstance(value, list) else [value]:
            name, _, text = str(header).partition(":")
            if _SECRET_HEADER.search(name) and not _ENV.search(text):
                raise ConfigError(f"{path}: header {name.strip()!r} carries a credential: write its value as "
                                  f"${{ENV_VARIABLE}} and keep the secret in the environment")


def settings_argv(parser: argparse.ArgumentParser, settings: dict[str, Any], given: set[str], path: Path) -> list[str]:
    """Command-line words for ``settings``, leaving out the options ``given`` on the command line."""
    options = {action.option_strings[0][2:]: action for action in parser._actions
               if action.option_strings and action.option_strings[0].startswith("--")}
    words: list[str] = []
    for key, value in settings.items():
        if key not in options or key in NOT_FROM_FILE:
            _check_secret(key, value, path)
            raise ConfigError(f"{path}: unknown setting {key!r} (the long options of `run` are the keys)")
        _check_secret(key, value, path)
        if key in given:
            continue
        action = options[key]
        flag = f"--{key}"
        if action.nargs == 0:  # a switch
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: {key} is true or false")
            words += [flag] if value else []
            continue
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not isinstance(action, argparse._AppendAction):
            values = [",".join(str(v) for v in value)]  # comma-separated options (checks, phases)
        for item in values:
            words += [flag, _expand(str(item), f"{path} {key}")]
    return words


def given_options(argv: list[str]) -> set[str]:
    """The long options present on a command line (``--spec x`` and ``--spec=x`` alike)."""
    return {word[2:].split("=", 1)[0] for word in argv if word.startswith("--")}
