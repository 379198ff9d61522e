"""Yeastar P-Series PBX Open API v1.0: the call report download and the file download that follows."""

from conformance.paths import simulator_data, specs_dir
from conformance.vendors.model import Api, Vendor

VENDOR = Vendor("yeastar", (
    Api("yeastar-call-report", "Yeastar P-Series Open API v1.0, call report download",
        specs_dir() / "yeastar-call-report.yaml", "YEA", seed="002_18060581a31442f6.txt",
        checks=("conformance.checks.yeastar",), simulator="conformance.simulator.vendors.yeastar", world="yeastar",
        faults=simulator_data("faults") / "yeastar-call-report.yaml",
        latitude=simulator_data("latitude") / "yeastar-call-report.yaml",
        discovery="conformance.vendors.yeastar.discovery"),
))
