"""The conformance engine: runs phases of checks against a target and emits events."""
