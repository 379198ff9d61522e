"""PortSIP PBX REST API 22.x: the Dataflow analytics (22.4) and the CDR and call reports (22.3)."""

from pathlib import Path

from conformance.paths import specs_dir
from conformance.vendors.model import Api, Vendor

HERE = Path(__file__).resolve().parent

VENDOR = Vendor("portsip", (
    Api("portsip-dataflow", "PortSIP PBX REST API 22.4, Dataflow", specs_dir() / "portsip-dataflow.yaml", "PSD",
        seed="000_df9fe1ff85dde75a.txt",
        checks=("conformance.vendors.portsip.checks.queue", "conformance.vendors.portsip.checks.calls",
                "conformance.vendors.portsip.checks.jobs", "conformance.vendors.portsip.checks.effects",
                "conformance.vendors.portsip.checks.tenancy", "conformance.vendors.portsip.checks.kpis"),
        simulator="conformance.vendors.portsip.simulator.dataflow", world="portsip",
        faults=HERE / "faults" / "portsip-dataflow.yaml",
        latitude=HERE / "latitude" / "portsip-dataflow.yaml",
        normaliser="portsip", discovery="conformance.vendors.portsip.discovery"),
    Api("portsip-cdr", "PortSIP PBX REST API 22.3, CDRs, call logs and call reports", specs_dir() / "portsip-cdr.yaml",
        "PSC", seed="001_0fbd13d622be2b55.txt", checks=("conformance.vendors.portsip.checks.cdr",
                                                       "conformance.vendors.portsip.checks.cdr_effects"),
        simulator="conformance.vendors.portsip.simulator.cdr", world="portsip",
        faults=HERE / "faults" / "portsip-cdr.yaml", latitude=HERE / "latitude" / "portsip-cdr.yaml",
        normaliser="portsip", discovery="conformance.vendors.portsip.discovery:discover_cdr"),
))
