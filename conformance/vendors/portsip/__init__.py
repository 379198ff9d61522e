"""PortSIP PBX REST API 22.x: the Dataflow analytics (22.4) and the CDR and call reports (22.3)."""

from conformance.paths import simulator_data, specs_dir
from conformance.vendors.model import Api, Vendor

VENDOR = Vendor("portsip", (
    Api("portsip-dataflow", "PortSIP PBX REST API 22.4, Dataflow", specs_dir() / "portsip-dataflow.yaml", "PSD",
        seed="000_df9fe1ff85dde75a.txt",
        checks=("conformance.checks.portsip_queue", "conformance.checks.portsip_calls",
                "conformance.checks.portsip_jobs"),
        simulator="conformance.simulator.vendors.portsip_dataflow", world="portsip",
        faults=simulator_data("faults") / "portsip-dataflow.yaml",
        latitude=simulator_data("latitude") / "portsip-dataflow.yaml",
        normaliser="portsip", discovery="conformance.vendors.portsip.discovery"),
    Api("portsip-cdr", "PortSIP PBX REST API 22.3, CDRs, call logs and call reports", specs_dir() / "portsip-cdr.yaml",
        "PSC", seed="001_0fbd13d622be2b55.txt", checks=("conformance.checks.portsip_cdr",),
        simulator="conformance.simulator.vendors.portsip_cdr", world="portsip",
        faults=simulator_data("faults") / "portsip-cdr.yaml", latitude=simulator_data("latitude") / "portsip-cdr.yaml",
        normaliser="portsip", discovery="conformance.vendors.portsip.discovery:discover_cdr"),
))
