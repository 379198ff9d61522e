"""A FusionPBX-based contact-centre platform's report API (users, extensions, daily summaries, agent time)."""

from pathlib import Path

from conformance.paths import specs_dir
from conformance.vendors.model import Api, Vendor

HERE = Path(__file__).resolve().parent

VENDOR = Vendor("fusionpbx", (
    Api("fusionpbx-report", "FusionPBX-based contact-centre report API", specs_dir() / "fusionpbx-report.yaml",
        "FUS", seed="003_496d5ad08cbdae2e.txt",
        checks=("conformance.vendors.fusionpbx.checks.reports", "conformance.vendors.fusionpbx.checks.relations"),
        simulator="conformance.vendors.fusionpbx.simulator.handlers", world="fusionpbx",
        faults=HERE / "faults" / "fusionpbx-report.yaml",
        latitude=HERE / "latitude" / "fusionpbx-report.yaml",
        discovery="conformance.vendors.fusionpbx.discovery"),
))
