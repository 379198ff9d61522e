"""PortSIP figures computed from the simulator's store (queue KPIs, call history, CDRs, report jobs)."""
