"""TelecomX PBX API: per-employee call statistics (``POST /pbx/cdrstats``)."""

from conformance.paths import simulator_data, specs_dir
from conformance.vendors.model import Api, Vendor

VENDOR = Vendor("telecomx", (
    Api("telecomx-cdrstats", "TelecomX PBX API, pbx/cdrstats", specs_dir() / "telecomx-cdrstats.yaml", "TCX",
        seed="004_1ac1d55fc75d03e1.txt", checks=("conformance.checks.telecomx",),
        simulator="conformance.simulator.vendors.telecomx", world="telecomx",
        faults=simulator_data("faults") / "telecomx-cdrstats.yaml",
        latitude=simulator_data("latitude") / "telecomx-cdrstats.yaml",
        discovery="conformance.vendors.telecomx.discovery"),
))
