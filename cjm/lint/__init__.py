"""`cjm lint`: the rules (rules/), running them over maps (run), inline suppressions and the
report formats. This package imports nothing itself, so the rule catalogue can be read
without the engine."""
