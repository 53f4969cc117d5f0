import sys
from pathlib import Path

# Lets tests import shared helpers as `tests.backend.builders`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
