"""Where maps live in a repository: its configuration, which files are maps, and writing
files safely."""
