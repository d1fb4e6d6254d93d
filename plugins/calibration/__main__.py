"""``python -m calibration`` runs the ``calib`` command line."""

from __future__ import annotations

from calibration.cli import main

if __name__ == "__main__":
    main(prog_name="calib")
