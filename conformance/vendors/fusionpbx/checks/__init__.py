"""FusionPBX report checks: per-answer arithmetic, days and agent time (``reports``), and the window's effect, the
figures recomputed across reports and the domain's isolation (``relations``)."""
