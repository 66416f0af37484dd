"""`cjm compare`: the uplift from a current-state map to its future-state map.

Steps and phases are matched as `cjm diff` matches them (steps by id, then action text;
phases by id, then name, then shared steps). For each step and phase the emotion before and
after; the current map's pain points and the future steps that address them; the low
moments that stay low and the new ones; the metrics both maps measure at a step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from cjm.core import lanes, metrics
from cjm.core.errors import CjmError, UsageError
from cjm.core.matching import Matching
from cjm.core.model import DEFAULT_LOW_MOMENT, JourneyMap, Step, is_low
from cjm.views.diff import phase_label, step_label


@dataclass(frozen=True)
class StepUplift:
    """One step before and after; `before` or `after` is None for an added or removed step,
    or one without a score."""

    step: str
    phase: str
    status: str  # kept, added or removed
    before: int | None
    after: int | None

    @property
    def delta(self) -> float | None:
        return difference(self.before, self.after)


@dataclass(frozen=True)
class PhaseUplift:
    """A phase's mean emotion before and after (None where it has no scored step)."""

    phase: str
    status: str  # kept, added or removed
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return difference(self.before, self.after)


@dataclass(frozen=True)
class PainStatus:
    """A pain point of the current map and the future steps that address it."""

    text: str
    id: str | None
    step: str
    line: int
    addressed_by: tuple[str, ...]


@dataclass(frozen=True)
class MetricChange:
    """A metric that both maps measure at a kept step, before and after."""

    step: str
    metric: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    def text(self) -> str:
        """`conversion 31% → 45% (+14 pp)`, each number as renders show it."""
        kind = metrics.KNOWN.get(self.metric)
        if kind is not None and kind.rate:
            change = f"{round(self.delta * 100):+d} pp"
        elif kind is not None and kind.duration:
            change = ("+" if self.delta >= 0 else "−") + metrics.shown(self.metric,
                                                                        str(abs(self.delta)))
        else:
            change = f"{self.delta:+,.2f}".rstrip("0").rstrip(".")
        before, after = (metrics.shown(self.metric, _plain(v)) for v in (self.before,
                                                                          self.after))
        return f"{self.metric} {before} → {after} ({change.replace('-', '−')})"


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


@dataclass(frozen=True)
class FailpointChange:
    """A fail point of the service blueprint that the future state removes or adds."""

    text: str
    step: str
    status: str  # "removed" or "added"


@dataclass(frozen=True)
class DoneOpportunity:
    """An opportunity the future state marks done, and how its step fared."""

    text: str
    step: str
    before: int | None
    after: int | None
    still_low: bool  # its step is still a low moment: a warning

    @property
    def improved(self) -> bool | None:
        """Whether the step's emotion went up (None when either side has no score)."""
        return None if self.before is None or self.after is None else self.after > self.before


@dataclass(frozen=True)
class Comparison:
    current: str
    future: str
    before: float | None  # mean emotion of the whole map
    after: float | None
    steps: tuple[StepUplift, ...]
    phases: tuple[PhaseUplift, ...]
    pains: tuple[PainStatus, ...]
    still_low: tuple[StepUplift, ...]
    newly_low: tuple[StepUplift, ...]
    low_moment: int
    metrics: tuple[MetricChange, ...] = ()
    failpoints: tuple[FailpointChange, ...] = ()  # removed or added (service blueprint)
    done: tuple[DoneOpportunity, ...] = ()  # opportunities the future state marks done

    @property
    def delta(self) -> float | None:
        return difference(self.before, self.after)

    @property
    def warnings(self) -> list[str]:
        """What a reviewer should look at: opportunities done whose step is still low."""
        return [f"opportunity \"{d.text}\" is done, but {d.step} is still a low moment "
                f"(emotion {d.after})" for d in self.done if d.still_low]


def difference(before: float | None, after: float | None) -> float | None:
    """after − before of means as reported (two decimals), so that the numbers shown add up;
    None when either is missing."""
    if before is None or after is None:
        return None
    return round(round(after, 2) - round(before, 2), 2)


def _score(step: Step) -> int | None:
    return step.emotion.value if step.emotion else None


def _mean(scores: Sequence[int | None]) -> float | None:
    known = [score for score in scores if score is not None]
    return sum(known) / len(known) if known else None


def compare(current: JourneyMap, future: JourneyMap, current_name: str, future_name: str,
            low_moment: int = DEFAULT_LOW_MOMENT) -> Comparison:
    matching = Matching.of(current, future)
    steps = _step_uplifts(current, future, matching)

    def low(score: int | None) -> bool:
        return is_low(score, low_moment)

    kept = [step for step in steps if step.status == "kept"]
    return Comparison(
        current_name, future_name,
        _mean([_score(s) for s in matching.old_steps.steps]),
        _mean([_score(s) for s in matching.new_steps.steps]),
        tuple(steps), tuple(_phase_uplifts(current, future, matching)),
        tuple(_pain_statuses(current, future)),
        tuple(s for s in kept if low(s.before) and low(s.after)),
        tuple(s for s in steps if s.status != "removed" and low(s.after)
              and not low(s.before)),
        low_moment, tuple(_metric_changes(matching)),
        tuple(_failpoint_changes(current, future)),
        tuple(_done(future, matching, steps, low)))


def _done(future: JourneyMap, matching: Matching, uplifts: list[StepUplift],
          low) -> list[DoneOpportunity]:
    """The future map's opportunities marked done, each with its step before and after."""
    by_label = {uplift.step: uplift for uplift in uplifts if uplift.status != "removed"}
    found = []
    for _, step in future.steps():
        uplift = by_label.get(step_label(step))
        for opportunity in step.opportunities:
            if opportunity.status is None or opportunity.status.value != "done":
                continue
            text = opportunity.text.value if opportunity.text else ""
            before = uplift.before if uplift else None
            after = _score(step)
            found.append(DoneOpportunity(text, step_label(step), before, after, low(after)))
    return found


def _failpoint_changes(current: JourneyMap, future: JourneyMap) -> list[FailpointChange]:
    """The fail points only one of the maps has (matched by their text, ignoring case and
    spacing): those of the current state the future removes, then those it adds; none
    unless both maps have a service blueprint (a map without one says nothing of them)."""
    if not all(lanes.uses_blueprint(step for _, step in journey.steps())
               for journey in (current, future)):
        return []
    def of(journey: JourneyMap) -> dict[str, tuple[str, str]]:
        lane = lanes.step_lane("failpoints")
        return {" ".join(item.value.casefold().split()): (item.value, step_label(step))
                for _, step in journey.steps() for item in lane.items(step)}

    before, after = of(current), of(future)
    return ([FailpointChange(*before[key], "removed") for key in before if key not in after]
            + [FailpointChange(*after[key], "added") for key in after if key not in before])


def _step_uplifts(current: JourneyMap, future: JourneyMap,
                  matching: Matching) -> list[StepUplift]:
    old, new = matching.old_steps, matching.new_steps
    old_of = {j: i for i, j in matching.steps.items()}
    uplifts = []
    for j, step in enumerate(new.steps):
        phase = phase_label(future.phases[new.phase_of[j]])
        if j in old_of:
            uplifts.append(StepUplift(step_label(step), phase, "kept",
                                      _score(old.steps[old_of[j]]), _score(step)))
        else:
            uplifts.append(StepUplift(step_label(step), phase, "added", None, _score(step)))
    for i, step in enumerate(old.steps):
        if i not in matching.steps:
            phase = phase_label(current.phases[old.phase_of[i]])
            uplifts.append(StepUplift(step_label(step), phase, "removed", _score(step), None))
    return uplifts


def _phase_uplifts(current: JourneyMap, future: JourneyMap,
                   matching: Matching) -> list[PhaseUplift]:
    old_of = {j: i for i, j in matching.phases.items()}
    uplifts = []
    for j, phase in enumerate(future.phases):
        after = _mean([_score(step) for step in phase.steps])
        if j in old_of:
            before = _mean([_score(step) for step in current.phases[old_of[j]].steps])
            uplifts.append(PhaseUplift(phase_label(phase), "kept", before, after))
        else:
            uplifts.append(PhaseUplift(phase_label(phase), "added", None, after))
    for i, phase in enumerate(current.phases):
        if i not in matching.phases:
            before = _mean([_score(step) for step in phase.steps])
            uplifts.append(PhaseUplift(phase_label(phase), "removed", before, None))
    return uplifts


def _metric_changes(matching: Matching) -> list[MetricChange]:
    """For each kept step, in the future map's order, the numbers both maps measure."""
    old_of = {j: i for i, j in matching.steps.items()}
    changes = []
    for j, step in enumerate(matching.new_steps.steps):
        if j not in old_of:
            continue
        before = _numbers(matching.old_steps.steps[old_of[j]])
        for name, after in _numbers(step).items():
            if name in before:
                changes.append(MetricChange(step_label(step), name, before[name], after))
    return changes


def _numbers(step: Step) -> dict[str, float]:
    found = {}
    for metric in step.metrics:
        value = metrics.value_of(metric)
        if value is not None:
            found[metric.name.value] = value
    return found


def _pain_statuses(current: JourneyMap, future: JourneyMap) -> list[PainStatus]:
    addressing: dict[str, list[str]] = {}
    for _, step in future.steps():
        for item in step.addresses:
            addressing.setdefault(item.value, []).append(step_label(step))
    return [PainStatus(pain.text.value if pain.text else "", pain.id.value if pain.id else None,
                       step_label(step), pain.pos.line,
                       tuple(addressing.get(pain.id.value, ())) if pain.id else ())
            for _, step in current.steps() for pain in step.pains]


# -- reports ------------------------------------------------------------------------------

def _number(value: float | None) -> str:
    """A score or mean as people write it: 4, 3.5, 3.67; a dash for none."""
    return "–" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "±0"
    return f"{'+' if value > 0 else '−'}{_number(abs(value))}"


def _change(before: float | None, after: float | None) -> str:
    """`3.67 → 4.27 (+0.6)`: the change as shown, from the numbers as shown."""
    text = f"{_number(before)} → {_number(after)}"
    delta = difference(before, after)
    return text if delta is None else f"{text} ({_signed(delta)})"


def _pain_name(pain: PainStatus) -> str:
    return f"`{pain.id}` \"{pain.text}\"" if pain.id else f"\"{pain.text}\""


def as_text(comparison: Comparison) -> str:
    c = comparison
    addressed = sum(1 for pain in c.pains if pain.addressed_by)
    lines = [f"Uplift from {c.current} to {c.future}",
             f"emotion (mean): {_change(c.before, c.after)}", "", "Phases:"]
    width = max((len(p.phase) for p in c.phases), default=0)
    for phase in c.phases:
        note = f"  [{phase.status}]" if phase.status != "kept" else ""
        lines.append(f"  {phase.phase:<{width}}  {_change(phase.before, phase.after)}"
                     f"{note}")
    lines += ["", "Steps:"]
    for step in c.steps:
        note = f"  [{step.status}]" if step.status != "kept" else ""
        lines.append(f"  {step.step} ({step.phase}): "
                     f"{_change(step.before, step.after)}{note}")
    lines += ["", f"Pain points of the current map: {addressed} of {len(c.pains)} addressed"]
    for pain in c.pains:
        status = (f"addressed by {', '.join(pain.addressed_by)}" if pain.addressed_by
                  else "NOT addressed")
        lines.append(f"  {_pain_name(pain)} ({pain.step}, line {pain.line}): {status}")
    lines += ["", f"Low moments (emotion ≤ {c.low_moment}) that remain low: "
                  f"{len(c.still_low) or 'none'}"]
    lines += [f"  {s.step} ({s.phase}): {_change(s.before, s.after)}"
              for s in c.still_low]
    lines.append(f"New low moments: {len(c.newly_low) or 'none'}")
    lines += [f"  {s.step} ({s.phase}): {_change(s.before, s.after)}"
              for s in c.newly_low]
    if c.metrics:
        lines += ["", "Metrics (where both maps measure them):"]
        lines += [f"  {m.step}: {m.text()}" for m in c.metrics]
    if c.failpoints:
        lines += ["", "Fail points:"]
        lines += [f"  {f.status}: {f.text} ({f.step})" for f in c.failpoints]
    if c.done:
        lines += ["", "Opportunities done:"]
        lines += [f"  {d.text} ({d.step}): {_change(d.before, d.after)}, "
                  f"{_fared(d)}" for d in c.done]
        lines += [f"warning: {warning}" for warning in c.warnings]
    return "\n".join(lines) + "\n"


def _fared(done: DoneOpportunity) -> str:
    return {True: "improved", False: "not improved", None: "not scored"}[done.improved]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(comparison: Comparison) -> str:
    """For a pull-request comment: a summary line and tables."""
    c = comparison
    addressed = sum(1 for pain in c.pains if pain.addressed_by)
    lines = [f"### Journey uplift: `{_cell(c.current)}` → `{_cell(c.future)}`", "",
             f"Mean emotion **{_change(c.before, c.after)}**; "
             f"{addressed} of {len(c.pains)} pain points addressed; "
             f"low moments: {len(c.still_low)} remain low, {len(c.newly_low)} new.", "",
             "| phase | before | after | Δ |", "| --- | ---: | ---: | ---: |"]
    for phase in c.phases:
        name = _cell(phase.phase) + (f" *({phase.status})*" if phase.status != "kept" else "")
        lines.append(f"| {name} | {_number(phase.before)} | {_number(phase.after)} | "
                     f"{_signed(phase.delta)} |")
    lines += ["", "| step | phase | before | after | Δ |", "| --- | --- | ---: | ---: | ---: |"]
    for step in c.steps:
        name = _cell(step.step) + (f" *({step.status})*" if step.status != "kept" else "")
        lines.append(f"| {name} | {_cell(step.phase)} | {_number(step.before)} | "
                     f"{_number(step.after)} | {_signed(step.delta)} |")
    lines += ["", "| pain point of the current map | step | addressed by |",
              "| --- | --- | --- |"]
    for pain in c.pains:
        by = ", ".join(_cell(s) for s in pain.addressed_by) or "**not addressed**"
        lines.append(f"| {_cell(_pain_name(pain))} | {_cell(pain.step)} | {by} |")
    for title, steps in ((f"Low moments that remain low (emotion ≤ {c.low_moment})",
                          c.still_low), ("New low moments", c.newly_low)):
        if steps:
            lines += ["", f"**{title}:** " + "; ".join(
                f"{_cell(s.step)} ({_change(s.before, s.after)})" for s in steps)]
    if c.metrics:
        lines += ["", "| step | metric change |", "| --- | --- |"]
        lines += [f"| {_cell(m.step)} | {_cell(m.text())} |" for m in c.metrics]
    if c.failpoints:
        lines += ["", "| fail point | step | |", "| --- | --- | --- |"]
        lines += [f"| {_cell(f.text)} | {_cell(f.step)} | {f.status} |" for f in c.failpoints]
    if c.done:
        lines += ["", "| opportunity done | step | emotion | |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(d.text)} | {_cell(d.step)} | {_change(d.before, d.after)} | "
                  f"{'**still low**' if d.still_low else _fared(d)} |" for d in c.done]
    return "\n".join(lines) + "\n"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def as_json(comparison: Comparison) -> str:
    c = comparison
    document = {
        "version": 1, "current": c.current, "future": c.future,
        "emotion": {"before": _rounded(c.before), "after": _rounded(c.after),
                    "delta": _rounded(c.delta)},
        "phases": [{"phase": p.phase, "status": p.status, "before": _rounded(p.before),
                    "after": _rounded(p.after), "delta": _rounded(p.delta)} for p in c.phases],
        "steps": [{**asdict(s), "delta": s.delta} for s in c.steps],
        "pains": [{**asdict(p), "addressed_by": list(p.addressed_by),
                   "addressed": bool(p.addressed_by)} for p in c.pains],
        "low_moment": c.low_moment,
        "still_low": [s.step for s in c.still_low],
        "newly_low": [s.step for s in c.newly_low],
    }
    if c.metrics:
        document["metrics"] = [{"step": m.step, "metric": m.metric, "before": m.before,
                                "after": m.after, "delta": round(m.delta, 4)}
                               for m in c.metrics]
    if c.failpoints:
        document["failpoints"] = [asdict(f) for f in c.failpoints]
    if c.done:
        document["done"] = [{**asdict(d), "improved": d.improved} for d in c.done]
        document["warnings"] = c.warnings
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def compared_maps(specs: list[str]) -> tuple[tuple[str, JourneyMap], tuple[str, JourneyMap]]:
    """((name, map) of the current state, (name, map) of the future state) named by
    `cjm compare`'s arguments: CURRENT FUTURE (files or REV:PATH), or FUTURE alone when it
    names its `baseline:`. UsageError (exit 2) for anything else."""
    from cjm.core.baseline import load_baseline
    from cjm.core.source import located
    from cjm.git.revisions import load_map

    if len(specs) == 2:
        return (specs[0], load_map(specs[0])), (specs[1], load_map(specs[1]))
    if len(specs) != 1:
        raise UsageError("use: cjm compare CURRENT FUTURE, or cjm compare FUTURE when FUTURE "
                         "names its baseline")
    if not Path(specs[0]).is_file():
        raise UsageError(f"{specs[0]}: no such file (with git revisions, give CURRENT and "
                         "FUTURE)")
    future = load_map(specs[0])
    from cjm.project.repository import root_of_map

    baseline = load_baseline(future, root_of_map(future.path))
    if baseline is None:
        raise UsageError(f"{specs[0]} names no `baseline:`; use cjm compare CURRENT FUTURE")
    if baseline.map is None:
        raise UsageError(located(specs[0], baseline.pos, baseline.problem or ""))
    return (str(baseline.path), baseline.map), (specs[0], future)


def measured(journey: JourneyMap, data: Path | None) -> tuple[JourneyMap, list[str]]:
    """The map with `data`'s metrics joined when given, and notes on the numbers it replaced;
    a file that cannot be read is a UsageError (compare exits 2 when something cannot be
    read)."""
    if data is None:
        return journey, []
    from cjm.interchange.metrics_csv import with_data

    try:
        return with_data(journey, data)
    except CjmError as err:
        raise UsageError(str(err)) from None
