"""`cjm import`: a Mermaid `journey` diagram as a cjm map.

title → title, accDescr → scenario, section → phase, task → step (its action), score →
emotion, actors → the persona (one) or personas (several; a task only some actors take lists
them in `personas`). Consecutive tasks of the same name with different actors are one step
with a score per persona (that is how `cjm export` writes such a step). Comments stay, as YAML
comments before the phase or step they preceded. A score Mermaid reads but cjm cannot hold
(not a whole number from 1 to 5) is reported and left out, never clamped.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cjm.core.ids import ids_for
from cjm.core.model import EMOTION_MAX, EMOTION_MIN
from cjm.core.source import Position
from cjm.interchange.mermaid import Diagram, Problem, Section, Task, parse, plain_name, score_value

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

#: Where an imported map's steps have no touchpoints, the map says so and silences J004 (an
#: error) until someone adds them; J005 still warns on each step.
_NO_TOUCHPOINTS = ("Mermaid's journey has no touchpoints, pains or opportunities: add them.",
                   "Remove the next line once every phase names a touchpoint.",
                   "cjm: disable-file=J004")


@dataclass(frozen=True)
class Imported:
    """The map's YAML text (None when the diagram has errors) and the problems found."""

    text: str | None
    problems: list[Problem]


def import_journey(source: str, name: str) -> Imported:
    """The map of the Mermaid diagram `source` (`name` is said in the map's header)."""
    diagram, problems = parse(source)
    if any(problem.error for problem in problems):
        return Imported(None, problems)
    if not any(section.tasks for section in diagram.sections):
        return Imported(None, [*problems, Problem("M003", Position(1, 1),
                                                 "the diagram has no tasks: nothing to import")])
    builder = _MapBuilder(diagram, name)
    return Imported(builder.text(), [*problems, *builder.problems])


class _MapBuilder:
    def __init__(self, diagram: Diagram, name: str) -> None:
        self.diagram = diagram
        self.name = name
        self.problems: list[Problem] = []
        actors = list(dict.fromkeys(actor for section in diagram.sections
                                    for task in section.tasks for actor in task.actors))
        self.actors = actors
        #: A task without actors needs the list form, whose `personas: []` says "no one".
        self.listed = len(actors) > 1 or bool(actors) and any(
            not task.actors for section in diagram.sections for task in section.tasks)
        self.ids = dict(zip(actors, ids_for(tuple(actors)), strict=True))

    def text(self) -> str:
        from cjm.fmt.canonical import dumped

        return dumped(self.map_data())

    def map_data(self) -> CommentedMap:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        diagram = self.diagram
        data = CommentedMap(version=1)
        data["title"] = plain_name(diagram.title or diagram.acc_title or "") or \
            self.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if diagram.acc_descr:
            data["scenario"] = diagram.acc_descr
        if self.actors and not self.listed:
            data["persona"] = CommentedMap(name=self.actors[0])
        elif self.actors:
            data["personas"] = CommentedSeq(CommentedMap(id=self.ids[a], name=a)
                                            for a in self.actors)
        phases = CommentedSeq()
        for section in diagram.sections:
            if not section.tasks:
                continue
            phases.append(self.phase(section))
            _comment_before(phases, len(phases) - 1, section.comments, indent=2)
        data["phases"] = phases
        details = self.details()
        if details:
            data["mermaid"] = details
        header = [f"Imported from {self.name} by cjm import."]
        header += [*(line for line in diagram.comments if line.strip()), *_NO_TOUCHPOINTS]
        data.yaml_set_start_comment("\n".join(header))
        return data

    def details(self) -> object:
        """What the map keeps of the diagram for the export: accTitle, front matter; the
        directives it cannot keep are reported."""
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import LiteralScalarString

        diagram, details = self.diagram, CommentedMap()
        if diagram.acc_title:
            details["acc_title"] = diagram.acc_title
        if diagram.front_matter:
            details["front_matter"] = LiteralScalarString(diagram.front_matter + "\n")
        self.problems += [Problem("M004", pos, f"directive `{textwrap.shorten(text, 40)}` "
                                               "left out: cjm keeps a diagram's settings "
                                               "only as front matter (`config:`)", error=False)
                          for pos, text in diagram.directives]
        return details

    def phase(self, section: Section) -> object:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        phase = CommentedMap(name=plain_name(section.name) if section.name else "Journey")
        steps = CommentedSeq()
        for group in _same_step(section.tasks):
            scores = [self.score(task) for task in group]
            steps.append(self.step(group, scores))
            comments = [line for task in group for line in task.comments]
            comments += [f"Mermaid's score {task.score} is not on cjm's scale "
                         f"{EMOTION_MIN}–{EMOTION_MAX}: left out"
                         for task, score in zip(group, scores, strict=True) if score is None]
            _comment_before(steps, len(steps) - 1, comments, indent=6)
        phase["steps"] = steps
        return phase

    def step(self, tasks: list[Task], scores: list[int | None]) -> object:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        step = CommentedMap(action=plain_name(tasks[0].name) or "(no task name)")
        taken = list(dict.fromkeys(actor for task in tasks for actor in task.actors))
        if self.listed and taken != self.actors:
            personas = CommentedSeq(self.ids[actor] for actor in taken)
            personas.fa.set_flow_style()
            step["personas"] = personas
        if len(set(scores)) == 1:
            if scores[0] is not None:
                step["emotion"] = scores[0]
        else:
            by_persona = CommentedMap((self.ids[actor], score)
                                      for task, score in zip(tasks, scores, strict=True)
                                      if score is not None for actor in task.actors)
            by_persona.fa.set_flow_style()
            step["emotion"] = by_persona
        return step

    def score(self, task: Task) -> int | None:
        """A task's score as an emotion; None (reported) when cjm's scale cannot hold it."""
        value = score_value(task.score)
        if value is not None and EMOTION_MIN <= value <= EMOTION_MAX and value == int(value):
            return int(value)
        problem = (f"score `{task.score}` of task `{task.name}` is not a whole number from "
                   f"{EMOTION_MIN} to {EMOTION_MAX}")
        self.problems.append(Problem("M002", task.score_pos,
                                     f"{problem}: the step is imported without emotion",
                                     error=False))
        return None


def _same_step(tasks: list[Task]) -> list[list[Task]]:
    """Tasks grouped into steps: a run of tasks with the same name and no shared actor is
    one step scored per actor."""
    groups: list[list[Task]] = []
    for task in tasks:
        last = groups[-1] if groups else None
        if (last and task.actors and last[0].name == task.name and not task.comments
                and not set(task.actors) & {a for t in last for a in t.actors}):
            last.append(task)
        else:
            groups.append([task])
    return groups


def _comment_before(collection: object, index: int, lines: list[str] | tuple[str, ...],
                    indent: int) -> None:
    if any(line.strip() for line in lines):
        text = "\n".join(re.sub(r"\s+", " ", line) for line in lines if line.strip())
        collection.yaml_set_comment_before_after_key(  # type: ignore[attr-defined]
            index, before=text, indent=indent)
