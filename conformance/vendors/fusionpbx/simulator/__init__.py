"""The FusionPBX report API in the reference simulator."""
