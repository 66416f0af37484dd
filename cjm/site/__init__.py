"""The static site of maps and its live preview."""
