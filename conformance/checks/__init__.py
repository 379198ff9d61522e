"""The checks every spec gets (generic, negative, security, lifecycle, timeseries, paging) and, for now, the
vendor checks; all register through the check API (``conformance.checkapi``)."""
