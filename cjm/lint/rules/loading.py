"""Rules the loader reports while it reads a file: YAML input (Y) and map structure (S)."""

from __future__ import annotations

from cjm.lint.rules.base import ERROR, Rule

YAML_RULES = (
    Rule("Y001", "yaml-syntax", ERROR, "The file is not valid YAML, or holds more than one document."),
    Rule("Y002", "encoding", ERROR,
         "The file is not UTF-8 (or UTF-16/32 with a byte-order mark), or has a control character."),
    Rule("Y003", "empty-file", ERROR, "The file holds no YAML document."),
    Rule("Y004", "duplicate-key", ERROR, "A mapping has the same key twice; the first one counts."),
    Rule("Y005", "forbidden-tag", ERROR,
         "A YAML tag such as !!python/object is used; maps hold plain data only."),
    Rule("Y006", "alias-bomb", ERROR,
         "Aliases recurse or expand far beyond the file's size (\"billion laughs\")."),
    Rule("Y007", "unreadable", ERROR, "The file cannot be read (permissions, a folder, …)."),
)

STRUCTURE_RULES = (
    Rule("S001", "wrong-type", ERROR,
         "A value has the wrong type (e.g. a list where text is expected, emotion not a number)."),
    Rule("S002", "unknown-key", ERROR, "A key that the map format does not have (often a typo)."),
    Rule("S003", "missing-field", ERROR,
         "A required field is missing or empty: map title and phases, persona name, phase name, "
         "step action, opportunity text, catalogue touchpoint id."),
    Rule("S004", "invalid-value", ERROR,
         "A value outside its choices: lang, state, framework, opportunity priority, version."),
)
