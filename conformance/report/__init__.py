"""Report writers: they consume run results and events; the engine knows none of them."""
