"""The checks every spec gets (generic, negative, security, lifecycle, timeseries, paging); a vendor's own live in
its package (``conformance/vendors/<name>/``). All register through the check API (``conformance.checkapi``)."""
