"""Git: maps read from revisions, and the textconv driver that makes git diff show outlines."""
