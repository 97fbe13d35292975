"""`python -m blog.content_rules [FOLDER]`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
