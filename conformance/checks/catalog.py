"""Import every check module once, so the registries are complete: the suite's own, the plugins installed
under the ``pbx_conformance.plugins`` entry-point group, and ``run --hooks`` modules or files."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path

from conformance import vendors
from conformance.errors import ConfigError

PLUGIN_GROUP = "pbx_conformance.plugins"

# The checks every spec gets; each vendor API's own follow from its registration record.
GENERIC_MODULES: tuple[str, ...] = (
    "conformance.checks.generic",
    "conformance.checks.negative",
    "conformance.checks.security",
    "conformance.checks.lifecycle",
    "conformance.checks.timeseries",
    "conformance.checks.paging",
)


def check_modules() -> tuple[str, ...]:
    """Modules that register checks and scenarios: the generic ones, then every vendor API's."""
    return GENERIC_MODULES + tuple(dict.fromkeys(m for api in vendors.apis() for m in api.checks))


@functools.cache
def load_all() -> None:
    for plugin in entry_points(group=PLUGIN_GROUP):
        try:
            loaded = plugin.load()
        except Exception as exc:  # a broken plugin is the user's configuration problem: one line, exit 2
            raise ConfigError(f"plugin {plugin.name!r} ({plugin.value}) failed to load: "
                              f"{type(exc).__name__}: {exc}") from None
        if callable(loaded):
            loaded()
    for name in check_modules():  # the plugins' vendors too
        importlib.import_module(name)


_HOOKS: dict[str, object] = {}


def load_hooks(hooks: Iterable[str]) -> None:
    """Import each hook, a module name or a ``.py`` file, once (its checks and scenarios register on import)."""
    for hook in hooks:
        if hook in _HOOKS:
            continue
        path = Path(hook)
        try:
            if hook.endswith(".py"):
                if not path.is_file():
                    raise ConfigError(f"--hooks {hook}: no such file")
                name = f"pbx_conformance_hooks_{len(_HOOKS)}_{path.stem}"
                spec = importlib.util.spec_from_file_location(name, path)
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
            else:
                module = importlib.import_module(hook)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(f"--hooks {hook}: {type(exc).__name__}: {exc}") from None
        _HOOKS[hook] = module
