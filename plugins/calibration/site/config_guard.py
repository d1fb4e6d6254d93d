"""Refuse site configuration that runs code after the audit or sends data out of the site.

The audit reads the output once MkDocs has written it; a hook or plugin that
runs later could still add to it, and some settings make every reader's browser
call a third party (analytics, the git host's API, scripts and styles from
another host). Such settings are refused unless the org's admin allowlisted
them in ``site_allowlist`` of ``rubric/audiences.yaml``.

:func:`config_problems` is pure: it takes the MkDocs configuration as a mapping
(a loaded ``MkDocsConfig`` or a plain dict) and the allowlist, and returns what
is refused. The plugin turns the result into a build error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from calibration.model import SiteAllowlist
from calibration.site.audit import is_remote

ALWAYS_ALLOWED_PLUGINS = frozenset(
    {"calibration", "search", "material/search", "offline", "material/offline"}
)
"""Plugins every site may use: they only read the pages and write files the audit checks."""
WHERE = "site_allowlist in rubric/audiences.yaml"
_INSTANCE = re.compile(r"\s+#\d+$")


@dataclass(frozen=True)
class ConfigProblem:
    """One refused setting: which, why, and how the org's admin would allow it."""

    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.message}"


def config_problems(config: Mapping[str, Any], allowlist: SiteAllowlist) -> list[ConfigProblem]:
    """Every setting of ``config`` that is refused under ``allowlist`` (empty: allowed)."""
    hooks = list(_names(config.get("hooks")))
    return [
        *_hook_problems(hooks, allowlist),
        *_plugin_problems(_names(config.get("plugins")), hooks, _theme_name(config), allowlist),
        *_analytics_problems(config.get("extra") or {}, allowlist),
        *_repo_problems(config, allowlist),
        *_asset_problems(config, allowlist),
    ]


def _names(entries: Any) -> Iterator[str]:
    """Names of a plugin or hook list: loaded (a mapping), or as written in YAML."""
    for entry in entries or ():
        if isinstance(entry, Mapping):
            yield from (str(name) for name in entry)
        else:
            yield str(entry)


def _theme_name(config: Mapping[str, Any]) -> str:
    theme = config.get("theme")
    if isinstance(theme, Mapping):
        theme = theme.get("name")
    name = getattr(theme, "name", theme)
    return name if isinstance(name, str) else ""


def _hook_problems(hooks: Iterable[str], allowlist: SiteAllowlist) -> Iterator[ConfigProblem]:
    for hook in hooks:
        if hook not in allowlist.hooks:
            yield ConfigProblem(
                f"hooks: {hook}",
                "a hook runs arbitrary code during the build, also after the site audit, and "
                f"could add unaudited files to the site; to allow it, list {hook!r} under "
                f"hooks in {WHERE}",
            )


def _plugin_problems(
    plugins: Iterable[str], hooks: list[str], theme: str, allowlist: SiteAllowlist
) -> Iterator[ConfigProblem]:
    allowed = ALWAYS_ALLOWED_PLUGINS | allowlist.plugins
    for entry in plugins:
        name = _INSTANCE.sub("", str(entry))
        if name in hooks:
            continue  # MkDocs registers hooks as plugins too; refused above if at all
        short = name.removeprefix(f"{theme}/") if theme else name
        if name not in allowed and short not in allowed:
            yield ConfigProblem(
                f"plugins: {name}",
                "a plugin outside the allowlist runs code during the build, also after the "
                "site audit, and could add unaudited files or send data out; to allow it, list "
                f"{short!r} under plugins in {WHERE}",
            )


def _analytics_problems(extra: Any, allowlist: SiteAllowlist) -> Iterator[ConfigProblem]:
    if isinstance(extra, Mapping) and extra.get("analytics") and not allowlist.analytics:
        yield ConfigProblem(
            "extra.analytics",
            "analytics make every page report each visit to a third party; remove it, or set "
            f"analytics: true in {WHERE}",
        )


def _repo_problems(config: Mapping[str, Any], allowlist: SiteAllowlist) -> Iterator[ConfigProblem]:
    # MkDocs derives repo_name from repo_url: one refusal is enough for the pair.
    setting = next((key for key in ("repo_url", "repo_name") if config.get(key)), None)
    if setting and not allowlist.repo_url:
        yield ConfigProblem(
            setting,
            "a repository link makes every page call the git host's API from the reader's "
            f"browser; remove it, or set repo_url: true in {WHERE}",
        )


def _asset_problems(config: Mapping[str, Any], allowlist: SiteAllowlist) -> Iterator[ConfigProblem]:
    for setting in ("extra_javascript", "extra_css"):
        for item in config.get(setting) or ():
            url = str(getattr(item, "path", item))
            if is_remote(url) and url.strip() not in allowlist.remote_assets:
                yield ConfigProblem(
                    f"{setting}: {url}",
                    "it loads from another host, which then sees every reader of the site; "
                    "serve the file from docs_dir instead, or list this URL under "
                    f"remote_assets in {WHERE}",
                )
