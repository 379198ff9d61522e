"""PortSIP in the reference simulator: the Dataflow and CDR APIs' handlers over the simulated PBX."""
