"""Prompt templates are data files in prompts/; this module loads and renders them.

A prompt file is YAML: `variables` (the names a caller must pass) and, per
language ("ko", "en"), a `system` and a `user` template in jinja2 syntax.
Rendering is strict: a missing or unknown variable is an error, never an empty
string silently sent to the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from rag.errors import RagError

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
LANGUAGES = ("ko", "en")


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    templates: dict  # language -> {"system": Template source, "user": Template source}

    def render(self, language: str, **variables: object) -> list[dict[str, str]]:
        """Chat messages for `language`; refuses missing and unknown variables."""
        given = set(variables)
        if given != self.variables:
            missing = sorted(self.variables - given)
            unknown = sorted(given - self.variables)
            raise RagError(f"prompt {self.name}: missing variables {missing}, unknown variables {unknown}")
        if language not in self.templates:
            raise RagError(f"prompt {self.name} has no wording for language {language!r}")
        parts = self.templates[language]
        return [
            {"role": role, "content": _render(self.name, parts[role], variables).strip()}
            for role in ("system", "user")
        ]


def _render(name: str, source: str, variables: dict) -> str:
    try:
        return _ENV.from_string(source).render(**variables)
    except jinja2.TemplateError as exc:
        raise RagError(f"prompt {name}: {exc}") from None


def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    path = Path(prompts_dir) / f"{name}.yaml"
    return _load(str(path), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=32)
def _load(path_str: str, _mtime: float) -> Prompt:
    path = Path(path_str)
    if not path.exists():
        raise RagError(f"prompt file missing: {path}; restore it from git (`git checkout -- prompts/`)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RagError(f"prompt file {path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    return _validated(path, data)


def _validated(path: Path, data: object) -> Prompt:
    if not isinstance(data, dict) or not isinstance(data.get("variables"), list):
        raise RagError(f"prompt file {path} needs a `variables` list and per-language templates")
    variables = frozenset(str(v) for v in data["variables"])
    templates = {}
    for lang in LANGUAGES:
        parts = data.get(lang)
        if not isinstance(parts, dict) or not {"system", "user"} <= set(parts):
            raise RagError(f"prompt file {path}: `{lang}` needs `system` and `user` templates")
        for role in ("system", "user"):
            _check_variables(path, parts[role], variables)
        templates[lang] = {"system": parts["system"], "user": parts["user"]}
    return Prompt(name=path.stem, variables=variables, templates=templates)


def _check_variables(path: Path, source: str, declared: frozenset[str]) -> None:
    from jinja2 import meta

    try:
        used = meta.find_undeclared_variables(_ENV.parse(source))
    except jinja2.TemplateSyntaxError as exc:
        raise RagError(f"prompt file {path}: template error: {exc}") from None
    unknown = used - declared
    if unknown:
        raise RagError(f"prompt file {path} uses undeclared variables {sorted(unknown)}")
