"""``python -m paper_notes``: the Paper Notes command line (also installed as ``paper-notes``)."""
from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
