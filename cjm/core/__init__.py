"""The map itself: its format, model, lanes and how a file is read. Imports nothing from
lint, render, the views or the CLI."""
