"""TelecomX pbx/cdrstats in the reference simulator."""
