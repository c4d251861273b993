"""Criteria sets of QĐ 324/QĐ-KHVN, loaded from the YAML files in `criteria/` and validated.

The files are data: an organisation replaces the wording, the levels and even the recognition
thresholds by editing them. Nothing here knows the numbers 80 or 5.
"""

import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

GROUPS = ("I", "II", "III", "IV")
TOTAL_POINTS = 100
MAX_INDICATOR_POINTS = 10
CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"


class CriteriaError(ValueError):
    """A criteria file is missing, malformed or inconsistent; the message names file and item."""


@dataclass(frozen=True)
class Level:
    points: int
    label: str


@dataclass(frozen=True)
class Indicator:
    """One indicator, answered either by choosing one of its graded `levels` or, when the file
    gives `max_points` instead, by a whole number of points from 0 to `scale_max`."""

    id: str
    title: str
    explanation: str
    evidence_example: str
    levels: tuple[Level, ...]
    scale_max: int | None = None

    @property
    def graded(self) -> bool:
        return self.scale_max is None

    @cached_property  # frozen objects: computed once, on first use
    def max_points(self) -> int:
        if self.scale_max is not None:
            return self.scale_max
        return max(level.points for level in self.levels)

    def allows(self, points: int) -> bool:
        if self.scale_max is not None:
            return 0 <= points <= self.scale_max
        return any(level.points == points for level in self.levels)


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    indicators: tuple[Indicator, ...]

    @cached_property
    def max_points(self) -> int:
        return sum(i.max_points for i in self.indicators)


@dataclass(frozen=True)
class RecognitionRule:
    min_total: int
    min_per_indicator: int
    text: str


@dataclass(frozen=True)
class CriteriaSet:
    group: str
    group_name: str
    title: str
    source: str
    version: str
    rule: RecognitionRule
    competencies: tuple[Competency, ...]
    # True while the wording is CDHT's paraphrase of QĐ 324, not the official text: printed papers
    # say so. A file without the key is taken as the official text.
    paraphrase: bool = False

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for c in self.competencies for i in c.indicators)

    @cached_property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.competencies)


def _text(node: dict, key: str, where: str, *, required: bool = True) -> str:
    value = node.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        raise CriteriaError(f"{where}: '{key}' must be text")
    text = unicodedata.normalize("NFC", str(value)).strip()
    if required and not text:
        raise CriteriaError(f"{where}: '{key}' is missing or empty")
    return text


def _int(node: dict, key: str, where: str) -> int:
    value = node.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CriteriaError(f"{where}: '{key}' must be a whole number")
    return value


def _bool(node: dict, key: str, where: str, *, default: bool) -> bool:
    value = node.get(key, default)
    if not isinstance(value, bool):
        raise CriteriaError(f"{where}: '{key}' must be true or false")
    return value


def _list(node: dict, key: str, where: str) -> list:
    value = node.get(key)
    if not isinstance(value, list) or not value:
        raise CriteriaError(f"{where}: '{key}' must be a non-empty list")
    return value


def _levels(node: dict, where: str) -> tuple[Level, ...]:
    levels = []
    for n, raw in enumerate(_list(node, "levels", where), start=1):
        at = f"{where}, level {n}"
        if not isinstance(raw, dict):
            raise CriteriaError(f"{at}: must be a mapping with 'points' and 'label'")
        points = _int(raw, "points", at)
        if not 0 <= points <= MAX_INDICATOR_POINTS:
            raise CriteriaError(f"{at}: points {points} outside 0..{MAX_INDICATOR_POINTS}")
        levels.append(Level(points, _text(raw, "label", at)))
    if len(levels) < 2:
        raise CriteriaError(f"{where}: needs at least two levels")
    points = [lv.points for lv in levels]
    if len(set(points)) != len(points):
        raise CriteriaError(f"{where}: two levels have the same points")
    return tuple(sorted(levels, key=lambda lv: -lv.points))


def _answer(node: dict, where: str) -> tuple[tuple[Level, ...], int | None]:
    """An indicator's graded levels, or the maximum of its whole-number points."""
    has_levels, has_max = "levels" in node, "max_points" in node
    if has_levels and has_max:
        raise CriteriaError(f"{where}: give either 'levels' or 'max_points', not both")
    if not has_max:
        if not has_levels:
            raise CriteriaError(f"{where}: needs 'levels' (graded) or 'max_points' (a number)")
        return _levels(node, where), None
    scale_max = _int(node, "max_points", where)
    if not 1 <= scale_max <= MAX_INDICATOR_POINTS:
        raise CriteriaError(f"{where}: max_points {scale_max} outside 1..{MAX_INDICATOR_POINTS}")
    return (), scale_max


def parse_criteria(data: object, name: str) -> CriteriaSet:
    """Build and validate a criteria set from parsed YAML; `name` is used in messages."""
    if not isinstance(data, dict):
        raise CriteriaError(f"{name}: the file must hold a mapping at the top level")
    group = _text(data, "group", name)
    if group not in GROUPS:
        raise CriteriaError(f"{name}: group '{group}' is not one of {', '.join(GROUPS)}")
    rule_node = data.get("recognition")
    if not isinstance(rule_node, dict):
        raise CriteriaError(f"{name}: 'recognition' rule is missing")
    rule = RecognitionRule(
        min_total=_int(rule_node, "min_total", f"{name}, recognition"),
        min_per_indicator=_int(rule_node, "min_per_indicator", f"{name}, recognition"),
        text=_text(rule_node, "text", f"{name}, recognition"),
    )
    competencies = []
    seen_ids: set[str] = set()
    for n, raw in enumerate(_list(data, "competencies", name), start=1):
        where = f"{name}, competency {n}"
        if not isinstance(raw, dict):
            raise CriteriaError(f"{where}: must be a mapping")
        comp_id = _text(raw, "id", where)
        where = f"{name}, competency {comp_id}"
        indicators = []
        for m, item in enumerate(_list(raw, "indicators", where), start=1):
            at = f"{where}, indicator {m}"
            if not isinstance(item, dict):
                raise CriteriaError(f"{at}: must be a mapping")
            ind_id = _text(item, "id", at)
            at = f"{where}, indicator {ind_id}"
            if ind_id in seen_ids:
                raise CriteriaError(f"{at}: id '{ind_id}' is used twice")
            seen_ids.add(ind_id)
            levels, scale_max = _answer(item, at)
            indicators.append(
                Indicator(
                    id=ind_id,
                    title=_text(item, "title", at),
                    explanation=_text(item, "explanation", at, required=False),
                    evidence_example=_text(item, "evidence_example", at, required=False),
                    levels=levels,
                    scale_max=scale_max,
                )
            )
        competencies.append(Competency(comp_id, _text(raw, "title", where), tuple(indicators)))
    comp_ids = [c.id for c in competencies]
    if len(set(comp_ids)) != len(comp_ids):
        raise CriteriaError(f"{name}: two competencies share an id")
    criteria = CriteriaSet(
        group=group,
        group_name=_text(data, "group_name", name),
        title=_text(data, "title", name),
        source=_text(data, "source", name),
        version=_text(data, "version", name),
        rule=rule,
        competencies=tuple(competencies),
        paraphrase=_bool(data, "paraphrase", name, default=False),
    )
    if criteria.max_points != TOTAL_POINTS:
        raise CriteriaError(
            f"{name}: the indicators' maxima add up to {criteria.max_points}, not {TOTAL_POINTS}"
        )
    if not 0 < rule.min_total <= TOTAL_POINTS:
        raise CriteriaError(f"{name}, recognition: min_total {rule.min_total} outside 1..100")
    return criteria


def load_file(path: Path) -> CriteriaSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CriteriaError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    return parse_criteria(data, path.name)


def load_all(directory: Path = CRITERIA_DIR) -> dict[str, CriteriaSet]:
    """Load every `*.yaml` file of a directory; exactly one set per group I-IV is required."""
    sets: dict[str, CriteriaSet] = {}
    for path in sorted(directory.glob("*.yaml")):
        criteria = load_file(path)
        if criteria.group in sets:
            raise CriteriaError(f"{path.name}: group {criteria.group} is defined in two files")
        sets[criteria.group] = criteria
    missing = [g for g in GROUPS if g not in sets]
    if missing:
        raise CriteriaError(f"{directory}: no criteria file for group {', '.join(missing)}")
    return sets
