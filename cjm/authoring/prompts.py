"""Filling in the answers of `cjm new`: from options, prompts on a terminal, or defaults."""

from __future__ import annotations

from dataclasses import replace

from cjm.authoring.scaffold import Answers, available
from cjm.core.errors import UsageError
from cjm.core.model import LEGIBLE_PERSONAS, STATES

DEFAULT_TEMPLATE = "five-phase"
DEFAULT_TITLE = "New customer journey map"
DEFAULT_LANG = "en"


def complete(answers: Answers, *, ask: bool) -> Answers:
    """Answers with every choice made: asked for on a terminal (`ask`), else defaults."""
    _refuse_paths(answers.template)
    if ask:
        answers = _ask(answers)
    answers = replace(answers, template=answers.template or DEFAULT_TEMPLATE,
                      lang=answers.lang or DEFAULT_LANG)
    _check_personas(answers)
    if answers.state is not None and answers.state not in STATES:
        raise UsageError(f"--state must be one of: {', '.join(STATES)}; got `{answers.state}`")
    return answers


def _check_personas(answers: Answers) -> None:
    if not answers.personas:
        return
    if answers.persona:
        raise UsageError("give --persona (one) or --personas (several), not both")
    if not 2 <= len(answers.personas) <= LEGIBLE_PERSONAS:
        raise UsageError(f"--personas takes 2 to {LEGIBLE_PERSONAS} names, separated by "
                         f"commas; got {len(answers.personas)}")


def _refuse_paths(template: str) -> None:
    if any(mark in template for mark in ("/", "\\\\", "..")):
        raise UsageError(f"template `{template}` looks like a path; templates are chosen by id "
                         "(see cjm new --list)")


def _ask(answers: Answers) -> Answers:
    from rich.prompt import Prompt

    templates = available()
    title = answers.title or Prompt.ask("Title of the map", default=DEFAULT_TITLE)
    persona = answers.persona
    if not persona and not answers.personas:
        offered = answers.library.names("personas") if answers.library else {}
        question = "Persona's name"
        if offered:
            question += f" (or a library persona: {', '.join(offered)})"
        persona = Prompt.ask(question, default=next(iter(offered), "Persona name"))
    template = answers.template or Prompt.ask("Template", choices=list(templates),
                                              default=DEFAULT_TEMPLATE)
    _refuse_paths(template)
    languages = templates[template].languages if template in templates else (DEFAULT_LANG,)
    lang = answers.lang or Prompt.ask("Language", choices=list(languages), default=DEFAULT_LANG)
    return replace(answers, title=title, persona=persona, template=template, lang=lang)
