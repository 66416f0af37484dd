"""`cjm fmt`: the canonical layout of a map file, and rewriting files into it."""
