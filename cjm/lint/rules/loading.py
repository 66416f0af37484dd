"""Rules reported outside the checks: by the loader while it reads a file (Y: YAML input,
S: map structure), and by the suppression comments (C)."""

from __future__ import annotations

from cjm.lint.rules.base import ERROR, WARNING, Rule


def _example(bad: str, good: str) -> str:
    return f"Bad:  {bad}\nGood: {good}"


YAML_RULES = (
    Rule("Y001", "yaml-syntax", ERROR,
         "The file is not valid YAML, or holds more than one document.",
         doc=_example(
             "`persona: name: Sally` (a mapping value where none may stand).",
             "`persona: {name: Sally}` or `name: Sally` indented under `persona:`.")),
    Rule("Y002", "encoding", ERROR,
         "The file is not UTF-8 (or UTF-16/32 with a byte-order mark), or has a control character.",
         doc=_example(
             "a file saved as Latin-1 (`Caf\\xe9`), or with a control character.",
             "the same file saved as UTF-8.")),
    Rule("Y003", "empty-file", ERROR, "The file holds no YAML document.",
         doc=_example(
             "an empty file, or one with only comments.",
             "a map with at least `title` and `phases` (start one with `cjm new`).")),
    Rule("Y004", "duplicate-key", ERROR, "A mapping has the same key twice; the first one counts.",
         doc=_example(
             "a step with `action:` twice.",
             "one `action:` per step (the first one is the one cjm reads).")),
    Rule("Y005", "forbidden-tag", ERROR,
         "A YAML tag such as !!python/object is used; maps hold plain data only.",
         doc=_example(
             "`title: !!python/object/apply:os.system [...]`.",
             "`title: Sally chooses software` — plain text, numbers, lists and mappings.")),
    Rule("Y006", "alias-bomb", ERROR,
         "Aliases recurse or expand far beyond the file's size (\"billion laughs\").",
         doc=_example(
             "nested aliases that expand to millions of nodes (`b: [*a, *a, ...]` nine deep).",
             "anchors reused a few times (`touchpoints: *web`).")),
    Rule("Y007", "unreadable", ERROR, "The file cannot be read (permissions, a folder, …).",
         doc=_example(
             "a path that is a folder named `x.yaml`, or a file without read permission.",
             "a readable map file.")),
)

STRUCTURE_RULES = (
    Rule("S001", "wrong-type", ERROR,
         "A value has the wrong type (e.g. a list where text is expected, emotion not a number).",
         doc=_example(
             "`emotion: happy`, `title: [a, b]`, `phases: {name: A}`.",
             "`emotion: 4`, `title: A title`, `phases: [{name: A, steps: [...]}]`.")),
    Rule("S002", "unknown-key", ERROR, "A key that the map format does not have (often a typo).",
         doc=_example(
             "`touchponts: [web]` (a typo: cjm suggests `touchpoints`).",
             "`touchpoints: [web]`.")),
    Rule("S003", "missing-field", ERROR,
         "A required field is missing or empty: map title and phases, persona name, phase name, "
         "step action, opportunity text, catalogue touchpoint id.",
         doc=_example(
             "a step without `action:`, or with an empty one.",
             "`- action: Reads user reviews`.")),
    Rule("S004", "invalid-value", ERROR,
         "A value outside its choices: lang, state, framework, opportunity priority, version.",
         doc=_example(
             "`lang: de`, `state: curent`, `framework: five-phases`, `priority: urgent`.",
             "`lang: nl`, `state: current`, `framework: five-phase`, `priority: high`.")),
)

SUPPRESSION_RULES = (
    Rule("C001", "unused-suppression", WARNING,
         "A `# cjm: disable=…` comment that suppresses nothing (or names no rule).",
         doc=_example(
             "`# cjm: disable=J005` on a line that has no J005 finding (any more).",
             "remove the comment, or move it to the line it is meant for.")),
)
