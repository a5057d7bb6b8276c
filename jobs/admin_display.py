"""Small HTML and URL helpers shared by the job admin pages and the dashboard.

`jobs` knows nothing of floor plans: apps say what a ``result_ref`` prefix points at
with ``register_result_ref`` (floorplans registers ``bom``).
"""

import json
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from jobs.models import AsyncJob, JobStatus

STATUS_COLOURS = {
    JobStatus.QUEUED: "#6c757d",
    JobStatus.RUNNING: "#1f6fb2",
    JobStatus.SUCCEEDED: "#2e7d32",
    JobStatus.FAILED: "#c62828",
    JobStatus.CANCELED: "#8d6e63",
}
_RESULT_REF_MODELS: dict[str, type[models.Model]] = {}


def register_result_ref(prefix: str, model: type[models.Model]) -> None:
    """``result_ref`` values "<prefix>:<pk>" link to ``model``'s admin page."""
    _RESULT_REF_MODELS[prefix] = model


def result_ref_model(prefix: str) -> type[models.Model] | None:
    return _RESULT_REF_MODELS.get(prefix)


def can_view(request: HttpRequest, model: type[models.Model]) -> bool:
    """Whether the user may see ``model`` in this admin (view or change permission)."""
    try:
        return admin.site.get_model_admin(model).has_view_permission(request)
    except admin.sites.NotRegistered:  # e.g. JobAttempt, shown only inline
        opts = model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("view", "change")
        )


def admin_change_url(model: type[models.Model], pk: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


def job_changelist_url(**filters: Any) -> str:
    """The AsyncJob changelist filtered by field lookups (datetimes as ISO 8601)."""
    params = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in filters.items()}
    url = reverse("admin:jobs_asyncjob_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def format_duration(value: timedelta | float | None) -> str:
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60)} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"


def status_badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#444")
    return format_html(
        '<span class="job-badge" style="background:{};color:#fff;padding:1px 7px;'
        'border-radius:9px;font-size:11px;font-weight:600">{}</span>',
        colour,
        status,
    )


def progress_bar(job: AsyncJob) -> str:
    return format_html(
        '<progress class="job-progress" max="100" value="{}"></progress> {}% {}',
        job.progress_percent,
        job.progress_percent,
        job.progress_stage,
    )


def pretty_json(value: Any) -> str:
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return format_html('<pre class="job-json">{}</pre>', text)


class ReadOnlyInline(admin.TabularInline):
    """A history table on a change page: shows rows, never adds, edits or deletes them.

    Subclasses list ``fields``; they are all read-only.
    """

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False
