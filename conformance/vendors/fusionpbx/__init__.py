"""A FusionPBX-based contact-centre platform's report API (users, extensions, daily summaries, agent time)."""

from conformance.paths import simulator_data, specs_dir
from conformance.vendors.model import Api, Vendor

VENDOR = Vendor("fusionpbx", (
    Api("fusionpbx-report", "FusionPBX-based contact-centre report API", specs_dir() / "fusionpbx-report.yaml",
        "FUS", seed="003_496d5ad08cbdae2e.txt", checks=("conformance.checks.fusionpbx",),
        simulator="conformance.simulator.vendors.fusionpbx", world="fusionpbx",
        faults=simulator_data("faults") / "fusionpbx-report.yaml",
        latitude=simulator_data("latitude") / "fusionpbx-report.yaml",
        discovery="conformance.vendors.fusionpbx.discovery"),
))
