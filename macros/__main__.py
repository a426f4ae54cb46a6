"""``python -m macros``: the Paper Notes command line, as the docs write it (the same as ``paper-notes``)."""
from __future__ import annotations

import sys

from paper_notes.cli import main

sys.exit(main())
