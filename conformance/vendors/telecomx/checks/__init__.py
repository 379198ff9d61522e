"""TelecomX ``pbx/cdrstats`` checks: per-answer arithmetic, keys and filters (``stats``), and the effect of each
request parameter and the customer's isolation (``relations``)."""
