"""``python -m conformance`` runs the CLI."""

import sys

from conformance.cli import main

sys.exit(main())
