"""Yeastar P-Series PBX Open API v1.0: the call report download and the file download that follows."""

from pathlib import Path

from conformance.paths import specs_dir
from conformance.vendors.model import Api, Vendor

HERE = Path(__file__).resolve().parent

VENDOR = Vendor("yeastar", (
    Api("yeastar-call-report", "Yeastar P-Series Open API v1.0, call report download",
        specs_dir() / "yeastar-call-report.yaml", "YEA", seed="002_18060581a31442f6.txt",
        checks=("conformance.vendors.yeastar.checks", "conformance.vendors.yeastar.relations",
                "conformance.vendors.yeastar.filters", "conformance.vendors.yeastar.recompute"),
        simulator="conformance.vendors.yeastar.simulator.handlers", world="yeastar",
        faults=HERE / "faults" / "yeastar-call-report.yaml",
        latitude=HERE / "latitude" / "yeastar-call-report.yaml",
        discovery="conformance.vendors.yeastar.discovery"),
))
