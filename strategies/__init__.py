"""Hypothesis strategies for the PBX domain: every public strategy is registered in ``strategies.registry``."""

from strategies.fusionpbx import local_datetimes, local_windows
from strategies.invalid_windows import InvalidWindow, invalid_time_windows, invalid_windows_for
from strategies.paging import invalid_paging_params, paging_params
from strategies.portsip import interval_values, intervals, invalid_stx_arrays, stx_arrays
from strategies.registry import STRATEGIES
from strategies.telecomx import cdrstats_bodies, grouping_intervals, iso_datetimes, object_ids
from strategies.time import Window, rfc3339_datetimes, time_windows, time_zones, utc_offsets, windows_for
from strategies.yeastar import display_datetimes, display_formats, display_periods, id_lists, report_types

__all__ = [
    "STRATEGIES",
    "InvalidWindow",
    "Window",
    "cdrstats_bodies",
    "display_datetimes",
    "display_formats",
    "display_periods",
    "grouping_intervals",
    "id_lists",
    "interval_values",
    "intervals",
    "invalid_paging_params",
    "invalid_stx_arrays",
    "invalid_time_windows",
    "invalid_windows_for",
    "iso_datetimes",
    "local_datetimes",
    "local_windows",
    "object_ids",
    "paging_params",
    "report_types",
    "rfc3339_datetimes",
    "stx_arrays",
    "time_windows",
    "time_zones",
    "utc_offsets",
    "windows_for",
]
