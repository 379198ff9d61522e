"""Figure queries over the call store that several vendors share (buckets of calls, per-extension records); a
vendor's own live in its package's ``simulator`` folder."""
