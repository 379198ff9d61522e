"""TelecomX PBX API: per-employee call statistics (``POST /pbx/cdrstats``)."""

from pathlib import Path

from conformance.paths import specs_dir
from conformance.vendors.model import Api, Vendor

HERE = Path(__file__).resolve().parent

VENDOR = Vendor("telecomx", (
    Api("telecomx-cdrstats", "TelecomX PBX API, pbx/cdrstats", specs_dir() / "telecomx-cdrstats.yaml", "TCX",
        seed="004_1ac1d55fc75d03e1.txt",
        checks=("conformance.vendors.telecomx.checks.stats", "conformance.vendors.telecomx.checks.relations",
                "conformance.vendors.telecomx.checks.isolation"),
        simulator="conformance.vendors.telecomx.simulator.handlers", world="telecomx",
        faults=HERE / "faults" / "telecomx-cdrstats.yaml",
        latitude=HERE / "latitude" / "telecomx-cdrstats.yaml",
        discovery="conformance.vendors.telecomx.discovery"),
))
