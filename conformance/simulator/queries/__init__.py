"""Figure queries over the call store, one module per vendor figure family (pure functions of store and filters)."""
