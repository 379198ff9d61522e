"""Yeastar in the reference simulator: the call report download, its CSV files and their download."""
