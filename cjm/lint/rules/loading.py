"""Rules reported outside the checks: by the loader while it reads a file (Y: YAML input,
S: map structure), by the data file of `--data` (D), and by the suppression comments (C)."""

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
    Rule("Y007", "unreadable", ERROR,
         "The file cannot be read (permissions, a FIFO or device, a symlink loop, …).",
         doc=_example(
             "a FIFO or `/dev/zero` named as a map, or a file without read permission.",
             "a readable map file.")),
    Rule("Y008", "too-large", ERROR,
         "The file is larger than cjm reads (8 MiB); it is refused at once.",
         doc=_example(
             "a 50 MB export pasted into one map.",
             "one map per journey; split a huge map by persona or by journey.")),
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

DATA_RULES = (
    Rule("D001", "data-unknown-step", ERROR,
         "A row of the --data file names a step id the map does not have.",
         doc=_example("`sign-up,5200` where the map's step is `signs-up`.",
                      "the step's id exactly as the map has it (`signs-up`).")),
    Rule("D002", "data-value", ERROR,
         "A cell of the --data file is no number, or not one its metric allows.",
         doc=_example("`reached` of `n/a`, `conversion` of `31` (not a share).",
                      "`reached` 12000, `conversion` 0.31 or 31%.")),
    Rule("D003", "data-duplicate-row", ERROR,
         "The --data file has a step (or a step's metric) twice; the first row counts.",
         doc=_example("two rows for step `signs-up`.",
                      "one row per step (per metric, long form).")),
    Rule("D004", "data-format", ERROR,
         "The --data file is not a CSV cjm can read: no `step` column, a row longer than the "
         "header, a row without a step id.",
         doc=_example("a header `id,reached`.",
                      "`step,reached,conversion` or `step,metric,value`.")),
    Rule("D005", "data-replaces-map", WARNING,
         "A number in the --data file replaces a different one written in the map.",
         doc=_example("`reached: 12000` in the map and 11800 in the data file.",
                      "keep measured numbers in one place: the data file, or the map.")),
)

SUPPRESSION_RULES = (
    Rule("C001", "unused-suppression", WARNING,
         "A `# cjm: disable=…` comment that suppresses nothing (or names no rule).",
         doc=_example(
             "`# cjm: disable=J005` on a line that has no J005 finding (any more).",
             "remove the comment, or move it to the line it is meant for.")),
)
