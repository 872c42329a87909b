"""`python -m cadre.cli`, the same as the `cadre` command."""

import sys

from cadre.cli import main

sys.exit(main())
