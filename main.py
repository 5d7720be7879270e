"""Khảo sát số — offline commune-level survey data collection.

``python main.py`` opens the application; ``python main.py --help`` lists the commands.
Heavy libraries (pandas, reportlab, pyxform) are imported only where they are used.
"""

import sys

from cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # the built application: the export's second process starts here
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
