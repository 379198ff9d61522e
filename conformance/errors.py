"""Errors that end a command with exit status 2 and one readable line."""


class ConformanceError(Exception):
    """Base of the errors the CLI reports as one line and exit status 2."""

    exit_code = 2


class UsageError(ConformanceError):
    """The command line is wrong (unknown spec, bad option value)."""


class ConfigError(ConformanceError):
    """A file the user gave (fixtures, baseline, spec) is missing or invalid."""


class TargetConnectionError(ConformanceError):
    """The target server cannot be reached at all."""
