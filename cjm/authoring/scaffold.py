"""`cjm new`: write a new map from a template, never clobbering an existing file.

Templates are map files named `ID.LANG.yaml` in the top-level `templates/` folder (shipped
in the package as `cjm.templates`): adding a language or a framework is adding a file.
Values are filled in through ruamel.yaml's round trip, so the template's comments stay.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core import frameworks
from cjm.core.errors import CjmError, UsageError
from cjm.core.ids import ids_for
from cjm.project.write import write_atomically

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from cjm.core.library import Library

BLANK = "blank"
_TEMPLATE_FILE = re.compile(r"^(?P<id>[a-z0-9-]+)\.(?P<lang>[a-z]{2})\.yaml$")


@dataclass(frozen=True)
class Template:
    """A map starter: its id, the languages it exists in, and its phases (in English)."""

    id: str
    languages: tuple[str, ...]
    phases: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class Answers:
    """What the user chose for a new map."""

    template: str
    lang: str
    title: str | None = None
    persona: str | None = None
    state: str | None = None
    personas: tuple[str, ...] = ()  # several personas' names, instead of `persona`
    blueprint: bool = False  # example service-blueprint lanes on every step
    library: Library | None = None  # the repository's library, whose entries the map uses


def _folder() -> resources.abc.Traversable:
    return resources.files("cjm.templates")


def available() -> dict[str, Template]:
    """Every template found in the templates folder, by id (frameworks first, then blank)."""
    languages: dict[str, list[str]] = {}
    for entry in _folder().iterdir():
        match = _TEMPLATE_FILE.match(entry.name)
        if match:
            languages.setdefault(match["id"], []).append(match["lang"])
    order = [*frameworks.FRAMEWORKS, BLANK]
    ids = sorted(languages, key=lambda id: (order.index(id) if id in order else len(order), id))
    return {id: _describe(id, tuple(sorted(languages[id]))) for id in ids}


def _describe(template_id: str, languages: tuple[str, ...]) -> Template:
    framework = frameworks.get(template_id)
    if framework is None:
        return Template(template_id, languages, (), "An empty map with one phase, for any model.")
    phases = tuple(phase.names["en"] for phase in framework.phases)
    return Template(template_id, languages, phases, framework.origin)


def render(answers: Answers) -> str:
    """The text of a new map: the template with the user's answers filled in."""
    templates = available()
    template = templates.get(answers.template)
    if template is None:
        raise UsageError(f"unknown template `{answers.template}`; "
                         f"choose one of: {', '.join(templates)}")
    if answers.lang not in template.languages:
        raise UsageError(f"template `{template.id}` has no language `{answers.lang}`; "
                         f"choose one of: {', '.join(template.languages)}")
    text = _folder().joinpath(f"{template.id}.{answers.lang}.yaml").read_text(encoding="utf-8")
    return _fill_in(text, answers)


def _fill_in(text: str, answers: Answers) -> str:
    from cjm.fmt.canonical import round_trip_yaml

    yaml = round_trip_yaml()
    data = yaml.load(text)
    if answers.title:
        data["title"] = answers.title
    if answers.persona:
        data["persona"]["name"] = answers.persona
    if answers.state:
        data["state"] = answers.state
    if answers.personas:
        _several_personas(data, answers.personas, answers.lang)
    if answers.blueprint:
        _with_blueprint(data, answers.lang)
    if answers.library is not None:
        _with_library(data, answers, answers.library)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


_LIBRARY_COMMENT = {
    "en": "The library's {what}, by id: {ids}",
    "nl": "De {what} van de bibliotheek, op id: {ids}",
}
_LIBRARY_WHAT = {"en": {"touchpoints": "touchpoints", "teams": "teams and systems"},
                 "nl": {"touchpoints": "contactpunten", "teams": "teams en systemen"}}


def _with_library(data: CommentedMap, answers: Answers, library: Library) -> None:
    """Use the repository's library: a persona it has is named by its id, and the example
    steps name its touchpoints (and teams or systems), the closest to the template's."""
    if answers.persona and "persona" in data:
        chosen = library_persona(answers.persona, library)
        if chosen:
            data["persona"] = chosen
    comments = []
    if library.declares("touchpoints") and library.ids("touchpoints"):
        known = library.names("touchpoints")
        for step in _steps(data):
            if "touchpoints" in step:
                _replace_all(step["touchpoints"], known)
        comments.append(("touchpoints", known))
    doers = {**library.names("teams"), **library.names("systems")}
    if doers and (library.declares("teams") or library.declares("systems")):
        for step in _steps(data):
            for value in step.values():
                for item in value if isinstance(value, list) else ():
                    if isinstance(item, dict) and item.get("by"):
                        item["by"] = _closest(str(item["by"]), doers)
        comments.append(("teams", doers))
    words = _LIBRARY_WHAT.get(answers.lang, _LIBRARY_WHAT["en"])
    template = _LIBRARY_COMMENT.get(answers.lang, _LIBRARY_COMMENT["en"])
    for what, known in comments:
        ids = ", ".join(known)
        text = textwrap.fill(template.format(what=words[what], ids=ids), 88,
                             break_on_hyphens=False)
        data.yaml_set_comment_before_after_key("phases", before=text)


def library_persona(persona: str, library: Library) -> str | None:
    """The id of the library persona `persona` names (by id or name), None for none."""
    for id, name in library.names("personas").items():
        if persona in (id, name) or persona.casefold() == name.casefold():
            return id
    return None


def _steps(data: CommentedMap) -> list:
    return [step for phase in data.get("phases") or () for step in phase.get("steps") or ()]


def _replace_all(items: list, known: dict[str, str]) -> None:
    chosen: list[str] = []
    for item in items:
        closest = _closest(str(item), known)
        if closest not in chosen:
            chosen.append(closest)
    items[:] = chosen


def _closest(text: str, known: dict[str, str]) -> str:
    """The id in `known` (id → name) that `text` names or comes closest to."""
    import difflib

    for id, name in known.items():
        if text.casefold() in (id.casefold(), name.casefold()):
            return id
    by_name = {name.casefold(): id for id, name in known.items()}
    candidates = [*known, *by_name]
    close = difflib.get_close_matches(text.casefold(), candidates, n=1, cutoff=0.0)
    return by_name.get(close[0], close[0]) if close else next(iter(known))


#: The comment above the first blueprint lane of each step.
_BLUEPRINT_COMMENT = {
    "en": "The service blueprint behind the step: what the customer sees (evidence), what "
          "staff and systems do in contact (frontstage), out of sight (backstage), what "
          "supports them (support); `by` says who. Fail points: where it goes wrong.",
    "nl": "De service blueprint achter de stap: wat de klant ziet (evidence), wat "
          "medewerkers en systemen in contact doen (frontstage), buiten beeld (backstage), "
          "wat hen ondersteunt (support); `by` zegt wie. Faalpunten (failpoints): waar het "
          "misgaat.",
}
#: Example items of the service blueprint, per language: lane → (text, who does it).
_BLUEPRINT_EXAMPLES = {
    "en": {"evidence": ("What the customer sees here: an e-mail, a screen, a sign", None),
           "frontstage": ("What staff or systems do in contact with the customer",
                          "Customer service"),
           "backstage": ("What is done out of the customer's sight", "Operations"),
           "support": ("The system or partner that makes it possible", "CRM"),
           "failpoints": ("Where this step is likely to go wrong", None)},
    "nl": {"evidence": ("Wat de klant hier ziet: een e-mail, een scherm, een bord", None),
           "frontstage": ("Wat medewerkers of systemen doen in contact met de klant",
                          "Klantenservice"),
           "backstage": ("Wat buiten het zicht van de klant gebeurt", "Operations"),
           "support": ("Het systeem of de partner die het mogelijk maakt", "CRM"),
           "failpoints": ("Waar deze stap waarschijnlijk misgaat", None)},
}


def _with_blueprint(data: CommentedMap, lang: str) -> None:
    """Add an example item of each blueprint lane to every step (a fail point only where
    the step names an opportunity for it, so that the new map lints clean)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    examples = _BLUEPRINT_EXAMPLES.get(lang, _BLUEPRINT_EXAMPLES["en"])
    for phase in data["phases"]:
        for step in phase.get("steps") or ():
            for key, (text, by) in examples.items():
                if key == "failpoints" and not step.get("opportunities"):
                    continue
                step[key] = CommentedSeq([CommentedMap(text=text, by=by) if by else text])
            column = step.lc.col if step.lc.col is not None else 8
            comment = textwrap.fill(_BLUEPRINT_COMMENT.get(lang, _BLUEPRINT_COMMENT["en"]),
                                    88 - column)
            step.yaml_set_comment_before_after_key("evidence", before=comment, indent=column)


#: The comment above `personas:` in a map made with several personas.
_PERSONAS_COMMENT = {
    "en": "The (fictional) customers taking this journey; a step scores each by id.",
    "nl": "De (fictieve) klanten die deze reis maken; een stap geeft elk een score per id.",
}


def _several_personas(data: CommentedMap, names: tuple[str, ...], lang: str) -> None:
    """Turn the template's `persona` into `personas` (one entry per name, each with the
    template's example fields) and each step's emotion into a score per persona."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    ids = ids_for(names)
    template = data["persona"]
    personas = CommentedSeq()
    for id, name in zip(ids, names, strict=True):
        entry = CommentedMap(id=id, name=name)
        entry.update((key, copy.deepcopy(value)) for key, value in template.items()
                     if key != "name")
        personas.append(entry)
    personas[-1].ca.items.update(template.ca.items)  # the comment after the last field
    data.insert(list(data).index("persona"), "personas", personas)
    del data["persona"]
    _replace_comment_before(data, "personas", _PERSONAS_COMMENT.get(lang, _PERSONAS_COMMENT["en"]))
    for phase in data["phases"]:
        for step in phase.get("steps") or ():
            if isinstance(step.get("emotion"), int):
                scores = CommentedMap((id, step["emotion"]) for id in ids)
                scores.fa.set_flow_style()
                step["emotion"] = scores


def _replace_comment_before(data: CommentedMap, key: str, text: str) -> None:
    """Replace the comment line just above `key` (ruamel.yaml keeps it with the key
    before), leaving other comments there as they are."""
    keys = list(data)
    before = keys[keys.index(key) - 1]
    token = (data.ca.items.get(before) or [None, None, None])[2]
    if token is None:
        return
    lines = token.value.rstrip("\n").split("\n")
    lines[-1] = f"# {text}"
    token.value = "\n".join(lines) + "\n"


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` to `path` atomically, creating folders; refuse to replace a file
    unless `force`."""
    if path.is_dir():
        raise CjmError(f"{path}: is a folder; give the path of the new map file")
    if path.exists() and not force:
        raise CjmError(f"{path}: already exists; use --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    from cjm.core.schema import modeline

    line = modeline(path)
    if line:
        text = f"{line}\n{text}"
    write_atomically(path, text.encode("utf-8"))
