"""PortSIP checks and scenarios: queue KPIs, call history and timeseries, report jobs (Dataflow), CDRs and
call reports."""
