"""conflict-tui's engine: news text in, dated and sourced events out.

Pure Python; it never imports Textual. Importing the package is cheap: modules are loaded
when used (``from timeline.pipeline import build_timeline``).
"""

__version__ = "0.1.0"
