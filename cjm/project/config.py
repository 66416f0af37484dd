"""Lint configuration: `[tool.cjm]` in pyproject.toml, or a `.cjm.toml` / `cjm.toml`.

For each map, the nearest such file in its folder or above it applies (`--config FILE`
applies one file to all). Keys:

    maps = ["maps/*.yaml"]        # which YAML files are maps (default: all; relative paths)
    library = ["library/*.yaml"]  # the shared library's files (default: library/*.yaml, *.yml)
    exclude = ["drafts/*"]        # YAML files that are not maps, after all
    select = ["J", "S001"]        # rules to run: codes, code prefixes or names (default: all)
    ignore = ["no-pain-points"]   # rules to skip
    framework = "seven-phase"     # maps must declare this framework (rule J015)
    low-moment = 2                # emotion at or below which a step is a low moment (J014)
    max-drop-off = 0.4            # share of customers a step may lose without an opportunity (J025)
    require-evidence = true       # low moments must rest on observed or reported insight (J035)
    [severity]                    # ([tool.cjm.severity] in pyproject.toml)
    J005 = "error"
    [[overrides]]                 # later overrides win; patterns are relative to this file
    paths = ["drafts/*"]          # fnmatch-style: * also matches /
    ignore = ["J013"]
    severity = { J004 = "warning" }
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cjm.core import frameworks
from cjm.core.errors import UsageError
from cjm.core.model import DEFAULT_LOW_MOMENT
from cjm.lint.findings import Severity
from cjm.lint.rules import RULES

CONFIG_FILES = (".cjm.toml", "cjm.toml", "pyproject.toml")
_TOP_KEYS = {"select", "ignore", "framework", "low-moment", "max-drop-off", "severity",
             "overrides", "exclude", "maps", "library", "require-evidence"}
_OVERRIDE_KEYS = {"paths", "select", "ignore", "severity", "framework", "low-moment",
                  "max-drop-off", "require-evidence"}
DEFAULT_MAX_DROP_OFF = 0.4
#: Which YAML files are maps when the configuration does not say: all of them.
DEFAULT_MAPS = ("*.yaml", "*.yml")
#: The library's files when the configuration does not say (never maps).
DEFAULT_LIBRARY = ("library/*.yaml", "library/*.yml")


@dataclass(frozen=True)
class Settings:
    """What applies to one map: which rules run, at which severity, with which options."""

    enabled: frozenset[str] = frozenset(RULES)
    severities: dict[str, Severity] = field(default_factory=dict)
    framework: str | None = None
    low_moment: int = DEFAULT_LOW_MOMENT
    max_drop_off: float = DEFAULT_MAX_DROP_OFF
    require_evidence: bool = False

    def severity(self, code: str) -> Severity:
        return self.severities.get(code, RULES[code].severity)


@dataclass(frozen=True)
class _Layer:
    """One table of settings (the top level or an override) as written in the file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)
    framework: str | None = None
    low_moment: int | None = None
    max_drop_off: float | None = None
    require_evidence: bool | None = None
    paths: tuple[str, ...] = ()

    def apply(self, settings: Settings) -> Settings:
        enabled = settings.enabled
        if self.select is not None:
            enabled = frozenset(code for code in RULES if _matches(code, self.select))
        enabled = frozenset(code for code in enabled if not _matches(code, self.ignore))
        return replace(
            settings, enabled=enabled, severities={**settings.severities, **self.severities},
            framework=self.framework or settings.framework,
            low_moment=self.low_moment if self.low_moment is not None else settings.low_moment,
            max_drop_off=(self.max_drop_off if self.max_drop_off is not None
                          else settings.max_drop_off),
            require_evidence=(self.require_evidence if self.require_evidence is not None
                              else settings.require_evidence))


@dataclass(frozen=True)
class Config:
    """A configuration file: its folder (for override paths), top level and overrides."""

    path: Path | None
    base: _Layer = field(default_factory=_Layer)
    overrides: tuple[_Layer, ...] = ()
    exclude: tuple[str, ...] = ()
    maps: tuple[str, ...] = DEFAULT_MAPS
    library: tuple[str, ...] = DEFAULT_LIBRARY

    def counts_as_map(self, path: Path) -> bool:
        """True when a `maps` pattern matches the file and no `exclude` or `library`
        pattern does."""
        import fnmatch

        relative = self._relative(path)
        return (any(fnmatch.fnmatch(relative, pattern) for pattern in self.maps)
                and not any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude)
                and not self.is_library(path))

    def is_library(self, path: Path) -> bool:
        """True when the file is one of the library's (only a configuration file has one)."""
        import fnmatch

        if self.path is None:
            return False
        relative = self._relative(path)
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.library)

    def library_files(self) -> list[Path]:
        """The library's files, sorted; only files inside the configuration's folder."""
        if self.path is None:
            return []
        root = self.path.parent.resolve()
        found = {file for pattern in self.library for file in root.glob(pattern)
                 if file.is_file() and file.resolve().is_relative_to(root)}
        return sorted(found)

    def settings_for(self, map_path: Path) -> Settings:
        settings = self.base.apply(Settings())
        import fnmatch

        relative = self._relative(map_path)
        for override in self.overrides:
            if any(fnmatch.fnmatch(relative, pattern) for pattern in override.paths):
                settings = override.apply(settings)
        return settings

    def _relative(self, map_path: Path) -> str:
        if self.path is None:
            return map_path.as_posix()
        try:
            return map_path.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return map_path.as_posix()


DEFAULT = Config(None)


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    """True when a selector names the rule: its code, a prefix of it ("J", "Y00"), its
    name, or "all"."""
    rule = RULES[code]
    return any(s == "all" or s == rule.name or code.startswith(s.upper()) for s in selectors)


def load_config(path: Path) -> Config:
    """Read a configuration file; UsageError (exit 2) when it is invalid."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cjm", {})
    return _parse(path, data)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read configuration: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{path}: invalid TOML: {err}") from None


def _parse(path: Path, data: dict[str, object]) -> Config:
    where = "[tool.cjm]" if path.name == "pyproject.toml" else "the top level"
    base = _layer(path, data, _TOP_KEYS, where)
    overrides = data.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, dict) for o in overrides):
        raise UsageError(f"{path}: `overrides` must be an array of tables ([[overrides]])")
    layers = []
    for number, override in enumerate(overrides, start=1):
        layer = _layer(path, override, _OVERRIDE_KEYS, f"override {number}")
        if not layer.paths:
            raise UsageError(f"{path}: override {number} needs `paths`, a list of patterns")
        layers.append(layer)
    exclude = tuple(_strings(path, data.get("exclude", []), "exclude", where))
    maps = tuple(_strings(path, data.get("maps", list(DEFAULT_MAPS)), "maps", where))
    library = tuple(_strings(path, data.get("library", list(DEFAULT_LIBRARY)), "library", where))
    for pattern in library:
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise UsageError(f"{path}: `library` pattern `{pattern}` leads outside the "
                             "configuration's folder; use a path inside it")
    return Config(path, base, tuple(layers), exclude, maps, library)


def _layer(path: Path, data: dict[str, object], allowed: set[str], where: str) -> _Layer:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise UsageError(f"{path}: unknown key `{unknown[0]}` in {where}; "
                         f"expected one of: {', '.join(sorted(allowed))}")
    select = data.get("select")
    framework = data.get("framework")
    if framework is not None and frameworks.get(str(framework)) is None:
        raise UsageError(f"{path}: unknown framework `{framework}` in {where}; expected one "
                         f"of: {', '.join(frameworks.FRAMEWORKS)}")
    low = data.get("low-moment")
    if low is not None and (not isinstance(low, int) or isinstance(low, bool)
                            or not 1 <= low <= 5):
        raise UsageError(f"{path}: `low-moment` in {where} must be a whole number 1–5")
    drop = data.get("max-drop-off")
    if drop is not None and (not isinstance(drop, (int, float)) or isinstance(drop, bool)
                             or not 0 < drop <= 1):
        raise UsageError(f"{path}: `max-drop-off` in {where} must be a share above 0 and at "
                         "most 1 (0.4 is 40%)")
    evidence = data.get("require-evidence")
    if evidence is not None and not isinstance(evidence, bool):
        raise UsageError(f"{path}: `require-evidence` in {where} must be true or false")
    return _Layer(
        select=None if select is None else _selectors(path, select, "select", where),
        ignore=_selectors(path, data.get("ignore", []), "ignore", where),
        severities=_severities(path, data.get("severity", {}), where),
        framework=framework if isinstance(framework, str) else None,
        low_moment=low,
        max_drop_off=None if drop is None else float(drop),
        require_evidence=evidence,
        paths=tuple(_strings(path, data.get("paths", []), "paths", where)),
    )


def _strings(path: Path, value: object, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{path}: `{key}` in {where} must be a list of strings")
    return value


def _selectors(path: Path, value: object, key: str, where: str) -> tuple[str, ...]:
    selectors = _strings(path, value, key, where)
    for selector in selectors:
        if not any(_matches(code, (selector,)) for code in RULES):
            raise UsageError(f"{path}: `{key}` in {where} names no rule: `{selector}` "
                             "(see cjm rules)")
    return tuple(selectors)


def _severities(path: Path, value: object, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: `severity` in {where} must be a table of rule = severity")
    severities = {}
    for key, level in value.items():
        codes = [code for code in RULES if _matches(code, (key,))]
        if not codes:
            raise UsageError(f"{path}: `severity` in {where} names no rule: `{key}`")
        if level not in ("error", "warning"):
            raise UsageError(f"{path}: severity of `{key}` must be \"error\" or \"warning\", "
                             f"got {level!r}")
        severities.update(dict.fromkeys(codes, Severity(level)))
    return severities


class ConfigFinder:
    """Finds (and caches) the configuration that applies to each map."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = load_config(explicit) if explicit else None
        self.by_folder: dict[Path, Config] = {}

    def for_map(self, map_path: Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        return self._for_folder(map_path.resolve().parent)

    def _for_folder(self, folder: Path) -> Config:
        if folder in self.by_folder:
            return self.by_folder[folder]
        config = self.in_folder(folder)
        if config is None:
            config = DEFAULT if folder.parent == folder else self._for_folder(folder.parent)
        self.by_folder[folder] = config
        return config

    @staticmethod
    def in_folder(folder: Path) -> Config | None:
        """The configuration file in `folder` itself, if any."""
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return load_config(candidate)
            try:
                tool = _read_toml(candidate).get("tool", {})
            except UsageError:
                continue  # a broken pyproject.toml without cjm in it is not ours to judge
            if "cjm" in tool:
                return _parse(candidate, tool["cjm"])
        return None


def low_moment_at(path: Path, finder: ConfigFinder | None = None) -> int:
    """The low-moment threshold of the configuration that applies at `path`, a map or a
    folder of maps; the default for anything else (a git REV:PATH). Many maps share a
    `finder`, which reads each configuration file once."""
    if path.is_dir():
        path = path / "map.yaml"
    elif not path.is_file():
        return DEFAULT_LOW_MOMENT
    return (finder or ConfigFinder()).for_map(path).settings_for(path).low_moment
