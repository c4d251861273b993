"""Criteria sets of QĐ 324/QĐ-KHVN, loaded from the YAML files in `criteria/` and validated.

The files are data: an organisation replaces the wording, the levels and even the recognition
thresholds by editing them. Nothing here knows the numbers 80 or 5.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

GROUPS = ("I", "II", "III", "IV")
TOTAL_POINTS = 100
# An assessment row keeps one total per competency, in three columns.
COMPETENCIES = 3
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


def _clean_text(value: object) -> str:
    """YAML text (or a bare number such as an id written 7) as NFC text without outer spaces."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be text")
    return unicodedata.normalize("NFC", str(value)).strip()


def _not_empty(text: str) -> str:
    if not text:
        raise ValueError("is missing or empty")
    return text


def _within(low: int, high: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} outside {low}..{high}")
        return value

    return check


Text = Annotated[str, BeforeValidator(_clean_text)]
RequiredText = Annotated[Text, AfterValidator(_not_empty)]
WholeNumber = Annotated[int, Strict()]


_MESSAGES = {
    "missing": "is missing or empty",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a non-empty list",
    "too_short": "must be a non-empty list",
    "model_type": "must be a mapping",
    "dict_type": "must be a mapping",
    "extra_forbidden": "is not a known key (a typing mistake?)",
}


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class LevelData(_Node):
    points: Annotated[WholeNumber, AfterValidator(_within(0, MAX_INDICATOR_POINTS))]
    label: RequiredText


class IndicatorData(_Node):
    """An indicator answered by graded `levels` or by a whole number 0..`max_points`."""

    id: RequiredText
    title: RequiredText
    explanation: Text = ""
    evidence_example: Text = ""
    levels: list[LevelData] | None = None
    max_points: Annotated[WholeNumber, AfterValidator(_within(1, MAX_INDICATOR_POINTS))] | None = (
        None
    )

    @field_validator("levels", "max_points", mode="before")
    @classmethod
    def _given(cls, value: object, info: ValidationInfo) -> object:
        """A key written without a value is not the same as a missing key: it is an error."""
        if value is None:
            raise ValueError(_MESSAGES["list_type" if info.field_name == "levels" else "int_type"])
        return value

    @field_validator("levels")
    @classmethod
    def _distinct_levels(cls, levels: list[LevelData] | None) -> list[LevelData] | None:
        if levels is None:
            return None
        if len(levels) < 2:
            raise ValueError("needs at least two levels")
        if len({lv.points for lv in levels}) != len(levels):
            raise ValueError("has two levels with the same points")
        return levels

    @model_validator(mode="before")
    @classmethod
    def _levels_or_number(cls, node: object) -> object:
        if isinstance(node, dict):
            if "levels" in node and "max_points" in node:
                raise ValueError("give either 'levels' or 'max_points', not both")
            if "levels" not in node and "max_points" not in node:
                raise ValueError("needs 'levels' (graded) or 'max_points' (a number)")
        return node

    @property
    def top(self) -> int:
        """The most points the indicator gives (validation made sure one of the two is set)."""
        if self.levels is not None:
            return max(lv.points for lv in self.levels)
        return self.max_points or 0


class CompetencyData(_Node):
    id: RequiredText
    title: RequiredText
    indicators: Annotated[list[IndicatorData], Field(min_length=1)]


class RecognitionData(_Node):
    min_total: Annotated[WholeNumber, AfterValidator(_within(1, TOTAL_POINTS))]
    min_per_indicator: WholeNumber
    text: RequiredText


class CriteriaFile(_Node):
    """The schema of a criteria file (README: criteria files)."""

    group: RequiredText
    group_name: RequiredText
    title: RequiredText
    source: RequiredText
    version: RequiredText
    paraphrase: bool = False
    recognition: RecognitionData
    competencies: list[CompetencyData]

    @field_validator("group")
    @classmethod
    def _known_group(cls, group: str) -> str:
        if group not in GROUPS:
            raise ValueError(f"'{group}' is not one of {', '.join(GROUPS)}")
        return group

    @field_validator("competencies")
    @classmethod
    def _three_competencies(cls, competencies: list[CompetencyData]) -> list[CompetencyData]:
        ids = [c.id for c in competencies]
        if len(ids) != COMPETENCIES:
            raise ValueError(
                f"must list exactly {COMPETENCIES} competencies (an assessment keeps "
                f"{COMPETENCIES} totals), found {len(ids)}: {', '.join(ids)}"
            )
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"give the id '{twice[0]}' to two competencies")
        return competencies

    @model_validator(mode="after")
    def _consistent(self) -> "CriteriaFile":
        seen: set[str] = set()
        for comp in self.competencies:
            for ind in comp.indicators:
                if ind.id in seen:
                    raise ValueError(
                        f"competency {comp.id}, indicator {ind.id}: id '{ind.id}' is used twice"
                    )
                seen.add(ind.id)
        total = sum(ind.top for comp in self.competencies for ind in comp.indicators)
        if total != TOTAL_POINTS:
            raise ValueError(f"the indicators' maxima add up to {total}, not {TOTAL_POINTS}")
        return self


_ITEMS = {"competencies": "competency", "indicators": "indicator", "levels": "level"}


def _where(name: str, data: object, loc: tuple[int | str, ...]) -> tuple[str, str]:
    """The file and item an error is about ("group_iii.yaml, competency NL1, indicator 4") and the
    key it names, if any. Items are named by their id where the file gives a usable one."""
    parts, node, n = [name], data, 0
    while n < len(loc):
        key = loc[n]
        child = node.get(key) if isinstance(node, dict) else None
        if key in _ITEMS and n + 1 < len(loc) and isinstance(loc[n + 1], int):
            item = child[loc[n + 1]] if isinstance(child, list) else None
            ident = item.get("id") if isinstance(item, dict) and key != "levels" else None
            usable = isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident)
            parts.append(f"{_ITEMS[str(key)]} {str(ident).strip() if usable else loc[n + 1] + 1}")
            node, n = item, n + 2
        elif key == "recognition" and n + 1 < len(loc):
            parts.append("recognition")
            node, n = child, n + 1
        else:
            return ", ".join(parts), str(key)
    return ", ".join(parts), ""


def _describe(name: str, data: object, error: ErrorDetails) -> str:
    where, key = _where(name, data, error["loc"])
    context = error.get("ctx") or {}
    message = str(context["error"]) if "error" in context else _MESSAGES.get(error["type"])
    if message is None:
        message = error["msg"][0].lower() + error["msg"][1:]
    return f"{where}: '{key}' {message}" if key else f"{where}: {message}"


def _build(model: CriteriaFile) -> CriteriaSet:
    def indicator(data: IndicatorData) -> Indicator:
        levels = sorted(
            (Level(lv.points, lv.label) for lv in data.levels or ()), key=lambda lv: -lv.points
        )
        return Indicator(
            id=data.id,
            title=data.title,
            explanation=data.explanation,
            evidence_example=data.evidence_example,
            levels=tuple(levels),
            scale_max=data.max_points,
        )

    return CriteriaSet(
        group=model.group,
        group_name=model.group_name,
        title=model.title,
        source=model.source,
        version=model.version,
        rule=RecognitionRule(
            min_total=model.recognition.min_total,
            min_per_indicator=model.recognition.min_per_indicator,
            text=model.recognition.text,
        ),
        competencies=tuple(
            Competency(c.id, c.title, tuple(indicator(i) for i in c.indicators))
            for c in model.competencies
        ),
        paraphrase=model.paraphrase,
    )


def parse_criteria(data: object, name: str) -> CriteriaSet:
    """Validate parsed YAML against `CriteriaFile` and build the criteria set; `name` (the file)
    begins every message, followed by the item and the key."""
    if not isinstance(data, dict):
        raise CriteriaError(f"{name}: the file must hold a mapping at the top level")
    try:
        model = CriteriaFile.model_validate(data)
    except ValidationError as exc:
        raise CriteriaError("; ".join(_describe(name, data, e) for e in exc.errors())) from exc
    return _build(model)


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
