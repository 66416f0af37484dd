"""Mermaid's `journey` diagram: read it as Mermaid does, and write text Mermaid can hold.

Mermaid's lexer (its `journey.jison`) tries its rules in order and takes the first that
matches; this module follows the same rules, so what it accepts Mermaid accepts, and each
problem gets the line and column where Mermaid would stumble. Accepted beyond Mermaid's own
grammar, as Mermaid's preprocessing does: front matter (`---` … `---`, its `title:` kept),
`%%{…}%%` directives (skipped), and blank lines or comments before `journey`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from cjm.core import yamlnodes
from cjm.core.source import Position

_FLAGS = re.IGNORECASE
#: (token kind, pattern) in the order Mermaid's lexer tries them.
_RULES = [(kind, re.compile(pattern, _FLAGS)) for kind, pattern in (
    ("comment", r"%%(?!\{)[^\n]*"),
    ("comment", r"[^}]%%[^\n]*"),
    ("newline", r"\n+"),
    ("space", r"\s+"),
    ("comment", r"#[^\n]*"),
    ("journey", r"journey"),
    ("title", r"title\s[^#\n;]+"),
    ("acc_title", r"accTitle\s*:\s*[^\n]*"),
    ("acc_descr", r"accDescr\s*:\s*[^\n]*"),
    ("acc_descr_block", r"accDescr\s*\{\s*[^}]*\}?"),
    ("section", r"section\s[^#:\n;]+"),
    ("task", r"[^#:\n;]+"),
    ("task_data", r":[^#\n;]+"),
    ("colon", r":"),
    ("invalid", r"."),
)]
_FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(.+)\n?", re.MULTILINE)
_DIRECTIVE = re.compile(r"%%\{.*?\}%%", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_KEYWORD_START = re.compile(r"\s*(journey|title\s|section\s|acctitle\s*:|accdescr\s*[:{])",
                            _FLAGS)
#: Stand-ins for the characters Mermaid's journey grammar reserves: look-alikes that common
#: fonts have (modifier letter colon, music sharp sign, low-9 quotation mark), and a comma
#: for a semicolon (in a list of actors, that comma becomes a look-alike in turn).
_LOOKALIKES = {":": "\ua789", "#": "\u266f", ";": ",", ",": "\u201a"}
_ZERO_WIDTH_SPACE = "\u200b"
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


@dataclass
class Task:
    """A task line: `name: score: actor, actor`."""

    name: str
    score: str  # as written; see `score_value`
    actors: tuple[str, ...]
    pos: Position
    score_pos: Position
    comments: tuple[str, ...] = ()  # comment lines just before it


@dataclass
class Section:
    name: str | None  # None: the tasks before the first section
    pos: Position
    tasks: list[Task] = field(default_factory=list)
    comments: tuple[str, ...] = ()


@dataclass
class Diagram:
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)
    comments: tuple[str, ...] = ()  # comments before `journey` and after the last task
    front_matter: str | None = None  # its text without the `title:` line
    directives: list[tuple[Position, str]] = field(default_factory=list)  # `%%{…}%%`


@dataclass(frozen=True, slots=True)
class Problem(yamlnodes.Problem):
    """Something wrong in a Mermaid file: an error stops the import, a warning does not.

    Codes: M001 a syntax error Mermaid stumbles on too; M002 a score cjm's scale cannot hold
    (a warning); M003 nothing to import (not a journey diagram, or no tasks); M004 a part
    of the diagram the map cannot keep (a warning).
    """

    error: bool = True


#: What JavaScript's `Number` reads as a number: a decimal (ASCII digits only), a signed
#: Infinity, or an unsigned hexadecimal, octal or binary integer.
_JS_NUMBER = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Infinity)"
                        r"|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")


def score_value(text: str) -> float | None:
    """A task's score as Mermaid reads it (JavaScript's `Number`); None when not a number
    (`NaN`, `inf`, `٣` and `1_0` are not, though Python's `float` takes them)."""
    stripped = text.strip()
    if not stripped:
        return 0.0
    if not _JS_NUMBER.fullmatch(stripped):
        return None
    if stripped[:2].lower() in ("0x", "0o", "0b"):
        return float(int(stripped, 0))
    return float(stripped.replace("Infinity", "inf"))


def parse(text: str) -> tuple[Diagram, list[Problem]]:
    """The diagram in Mermaid `text`, and the problems that keep Mermaid from drawing it."""
    return _Parser(text).run()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.diagram = Diagram()
        self.problems: list[Problem] = []
        self.comments: list[str] = []
        self.offset = 0
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]

    def run(self) -> tuple[Diagram, list[Problem]]:
        self.front_matter()
        started = False
        while self.offset < len(self.text):
            kind, value, pos = self.next_token()
            if kind in ("newline", "space"):
                continue
            if kind == "comment":
                self.comments.append(_comment_text(value))
                continue
            if not started:
                if value.startswith("---"):
                    return self.fail(pos, "M001", "front matter must open with `---` at the "
                                                  "start of the first line (Mermaid refuses "
                                                  "it indented or after blank lines)")
                if kind != "journey":
                    return self.fail(pos, "M003", "not a journey diagram: the first statement "
                                                  "must be `journey`")
                started = True
                self.diagram.comments += self.take_comments()
                continue
            self.statement(kind, value, pos)
        if not started:
            return self.fail(Position(1, 1), "M003", "not a journey diagram: no `journey` line")
        self.diagram.comments += self.take_comments()  # after the last task
        return self.diagram, self.problems

    def fail(self, pos: Position, code: str, message: str) -> tuple[Diagram, list[Problem]]:
        self.problems.append(Problem(code, pos, message))
        return self.diagram, self.problems

    def front_matter(self) -> None:
        match = _FRONT_MATTER.match(self.text)
        if match:
            title = _FRONT_MATTER_TITLE.search(match.group(1))
            if title:
                self.diagram.title = title.group(1).strip().strip("\"'")
            rest = _FRONT_MATTER_TITLE.sub("", match.group(1)).strip("\n")
            self.diagram.front_matter = rest if rest.strip() else None
            self.blank(match.start(), match.end())
        for directive in _DIRECTIVE.finditer(self.text):
            pos = Position.from_offset(self.text, directive.start())
            self.diagram.directives.append((pos, directive.group()))
            self.blank(directive.start(), directive.end())

    def blank(self, start: int, end: int) -> None:
        """Blank out a span, keeping its newlines so that positions stay true."""
        kept = re.sub(r"[^\n]", " ", self.text[start:end])
        self.text = self.text[:start] + kept + self.text[end:]

    def position(self, offset: int) -> Position:
        """The line and column of an offset (blanking keeps every newline where it was)."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(index + 1, offset - self.line_starts[index] + 1)

    def next_token(self) -> tuple[str, str, Position]:
        pos = self.position(self.offset)
        for kind, pattern in _RULES:
            match = pattern.match(self.text, self.offset)
            if match:
                self.offset = match.end()
                return kind, match.group(), pos
        raise AssertionError("the last rule matches any character")

    def statement(self, kind: str, value: str, pos: Position) -> None:
        if kind == "title":
            self.diagram.title = value[6:].strip()
        elif kind == "acc_title":
            self.diagram.acc_title = value.split(":", 1)[1].strip()
        elif kind == "acc_descr":
            self.diagram.acc_descr = value.split(":", 1)[1].strip()
        elif kind == "acc_descr_block":
            self.diagram.acc_descr = " ".join(value.split("{", 1)[1].rstrip("}").split())
        elif kind == "section":
            self.diagram.sections.append(Section(value[8:].strip(), pos,
                                                 comments=self.take_comments()))
        elif kind == "task":
            self.task(value, pos)
        else:
            self.unexpected(kind, value, pos)

    def task(self, name: str, pos: Position) -> None:
        data_pos = self.position(self.offset)
        kind, data, _ = self.next_token() if self.offset < len(self.text) else ("eof", "", pos)
        if kind != "task_data":
            self.problems.append(Problem("M001", pos, f"task `{name.strip()}` has no score: "
                                                      f"write `{name.strip()}: 5` (1 to 5)"))
            if kind not in ("newline", "eof"):
                self.offset -= len(data)
            return
        pieces = data[1:].split(":")
        actors = tuple(a.strip() for a in pieces[1].split(",")) if len(pieces) > 1 else ()
        score_offset = len(pieces[0]) - len(pieces[0].lstrip())
        score_pos = Position(data_pos.line, data_pos.column + 1 + score_offset)
        if not self.diagram.sections:
            self.diagram.sections.append(Section(None, pos))
        self.diagram.sections[-1].tasks.append(Task(
            name.strip(), pieces[0].strip(), tuple(a for a in actors if a), pos, score_pos,
            self.take_comments()))

    def unexpected(self, kind: str, value: str, pos: Position) -> None:
        if kind == "journey":
            message = "`journey` may appear only once, on the first line"
        elif kind in ("task_data", "colon"):
            message = "a `:` without a task name before it"
        else:
            message = f"`{value}` is not allowed here (Mermaid cannot read it)"
        self.problems.append(Problem("M001", pos, message))

    def take_comments(self) -> tuple[str, ...]:
        taken, self.comments = tuple(self.comments), []
        return taken


def _comment_text(token: str) -> str:
    """The text of a `%%` or `#` comment token (the lexer may take one character before
    `%%` with it)."""
    text = token.lstrip()
    text = text[1:] if text.startswith("#") else text.split("%%", 1)[-1]
    return text.strip()


# -- writing -------------------------------------------------------------------------------

#: The characters each kind of name cannot hold, by where Mermaid's lexer ends that name.
TITLE, NAME, ACTOR = "#;", "#:;", "#:;,"


def safe_name(text: str, reserved: str = NAME) -> str:
    """`text` as a name Mermaid can hold: one line, a look-alike for each `reserved`
    character; for a task (NAME), also `%%` broken up and an invisible space before a
    leading keyword (`title …`, `section …`), which Mermaid would read as a statement."""
    line = _LINE_BREAKS.sub(" ", text.strip())  # spaces within a line stay as they are
    for character in reserved:
        line = line.replace(character, _LOOKALIKES[character])
    if reserved == NAME:
        line = line.replace("%%", f"%{_ZERO_WIDTH_SPACE}%")
        if _KEYWORD_START.match(line):
            line = _ZERO_WIDTH_SPACE + line
    return line


def rewritten(text: str, reserved: str = NAME) -> list[str]:
    """What `safe_name` changes in `text`, in words (empty when nothing)."""
    found = [f"`{c}`" for c in reserved if c in text]
    if _LINE_BREAKS.search(text.strip()):
        found.append("a line break")
    if reserved == NAME and "%%" in text:
        found.append("`%%`")
    if reserved == NAME and _KEYWORD_START.match(" ".join(text.split())):
        found.append("a leading Mermaid keyword")
    return found


def plain_name(text: str) -> str:
    """A name read from Mermaid, with the invisible spaces `safe_name` adds taken out."""
    return text.replace(_ZERO_WIDTH_SPACE, "").strip()


def diagram_text(diagram: Diagram) -> str:
    """The Mermaid source of a diagram whose names are already safe (see `safe_name`)."""
    lines = ["---", diagram.front_matter.rstrip("\n"), "---"] if diagram.front_matter else []
    lines.append("journey")
    if diagram.title:
        lines.append(f"    title {diagram.title}")
    if diagram.acc_title:
        lines.append(f"    accTitle: {diagram.acc_title}")
    if diagram.acc_descr:
        lines.append(f"    accDescr: {diagram.acc_descr}")
    for section in diagram.sections:
        if section.name is not None:
            lines.append(f"    section {section.name}")
        for task in section.tasks:
            actors = f": {', '.join(task.actors)}" if task.actors else ""
            lines.append(f"      {task.name}: {task.score}{actors}")
    return "\n".join(lines) + "\n"
