"""Thin API views: validate the request, call one service or selector, serialize.

Querysets always come from ``floorplans.selectors`` scoped to ``request.user``, so an id
belonging to someone else is a 404. The OpenAPI descriptions live in ``api/docs.py``.
"""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.logins import LOGIN_THROTTLES, token_for_login, token_revoke
from floorplans import deliverables, revisions, selectors, services
from floorplans.api import deliverables_docs, docs
from floorplans.api.serializers import (
    IDEMPOTENCY_KEY_MAX,
    AcceptedOutput,
    BomDetailOutput,
    BomListOutput,
    FloorplanLifecycleOutput,
    FloorplanOutput,
    FloorplanSummaryOutput,
    FloorplanUploadInput,
    JobFilterInput,
    JobOutput,
    RevisionInput,
    RevisionOutput,
    UploadAcceptedOutput,
    job_url,
)
from floorplans.api.throttles import ActionScopedRateThrottle
from floorplans.api.uploads import install_upload_limit
from floorplans.deliverables import attachment
from floorplans.errors import InvalidInput
from floorplans.models import Floorplan
from jobs.models import AsyncJob

RETRY_AFTER_SECONDS = "2"


def idempotency_key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
        raise InvalidInput(
            f"Idempotency-Key must be printable text of at most {IDEMPOTENCY_KEY_MAX} characters.",
            code="invalid",
            field="Idempotency-Key",
        )
    return key


def accepted(
    request: Request,
    *,
    job: AsyncJob,
    floorplan: Floorplan | None,
    replayed: bool = False,
    output=AcceptedOutput,
    **extra,
) -> Response:
    """202 with the job to poll: in the body, in `Location`, and a polling hint."""
    context = {"request": request}
    data = {"floorplan": floorplan, "job": job, "status_url": job_url(job, context), **extra}
    body = output(data, context=context).data
    headers = {"Location": body["status_url"], "Retry-After": RETRY_AFTER_SECONDS}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)


class FileResponseMixin:
    """Views whose actions answer in their own media type (SVG, CSV).

    Content negotiation is forced for those actions so an ``Accept: image/svg+xml`` header
    is not refused with 406; their error answers then fall back to JSON.
    """

    file_actions: tuple[str, ...] = ()

    def perform_content_negotiation(self, request, force=False):
        force = force or getattr(self, "action", None) in self.file_actions
        return super().perform_content_negotiation(request, force=force)


@docs.floorplan_viewset
class FloorplanViewSet(
    FileResponseMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "uuid"
    parser_classes = [MultiPartParser]  # the upload; `generate` takes JSON
    throttle_classes = [ActionScopedRateThrottle]
    throttle_scopes = {
        "create": "uploads",
        "generate": "jobs",
        "revisions:POST": "corrections",  # each one re-prices the plan
        "markup": "renders",
        "preview": "renders",
    }
    file_actions = ("preview", "markup")

    def initialize_request(self, request, *args, **kwargs):
        # Before DRF wraps the request: the size limit must see the body as it streams.
        if request.method == "POST":
            install_upload_limit(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self):
        if self.action == "list":
            return selectors.floorplan_summaries(user=self.request.user)
        return selectors.floorplan_list(user=self.request.user)

    def get_serializer_class(self):
        # The create form of the browsable API is built from this.
        return {"create": FloorplanUploadInput, "list": FloorplanSummaryOutput}.get(
            self.action, FloorplanOutput
        )

    def create(self, request: Request) -> Response:
        params = FloorplanUploadInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        upload = services.floorplan_create(
            owner=request.user,
            upload=data["file"],
            name=data["name"],
            page=data["page"],
            scale=data["scale"],
            idempotency_key=idempotency_key(request),
        )
        return accepted(
            request,
            job=upload.job,
            floorplan=upload.floorplan,
            replayed=upload.replayed,
            output=UploadAcceptedOutput,
            reused_graph_from=upload.reused_graph_from,
        )

    def destroy(self, request: Request, pk=None) -> Response:
        services.floorplan_delete(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def generate(self, request: Request, pk=None) -> Response:
        floorplan = self.get_object()
        result = services.bom_generate_request(
            floorplan=floorplan,
            owner=request.user,
            options=request.data,
            idempotency_key=idempotency_key(request),
        )
        return accepted(request, job=result.job, floorplan=floorplan, replayed=result.replayed)

    @deliverables_docs.revisions_list
    @deliverables_docs.revisions_create
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser])
    def revisions(self, request: Request, pk=None) -> Response:
        floorplan = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(selectors.revision_list(floorplan=floorplan))
            return self.get_paginated_response(RevisionOutput(page, many=True).data)
        params = RevisionInput(data=request.data)
        params.is_valid(raise_exception=True)
        revision = revisions.revision_create(
            floorplan=floorplan,
            operations=params.validated_data["operations"],
            base_revision=params.validated_data.get("base_revision"),
            author=request.user,
        )
        return Response(RevisionOutput(revision).data, status=status.HTTP_201_CREATED)

    @deliverables_docs.floorplan_markup
    def markup(self, request: Request, pk=None) -> HttpResponse:
        pdf, filename = deliverables.floorplan_markup_pdf(self.get_object())
        return attachment(pdf, "application/pdf", filename)

    @docs.floorplan_preview
    def preview(self, request: Request, pk=None) -> HttpResponse:
        svg = services.floorplan_preview_svg(self.get_object())
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@docs.job_viewset
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_converter = "uuid"
    serializer_class = JobOutput
    throttle_classes = [ActionScopedRateThrottle]
    throttle_scopes = {"retry": "jobs"}

    def get_queryset(self):
        return selectors.job_list(user=self.request.user)

    def list(self, request: Request) -> Response:
        # A plain dict, not the QueryDict: with form semantics `?status=` would mean "no
        # filter" rather than the invalid value it is.
        params = JobFilterInput(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        jobs = selectors.job_list(user=request.user, filters=params.validated_data)
        page = self.paginate_queryset(jobs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        job = services.job_cancel_request(self.get_object())
        return Response(JobOutput(job, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk=None) -> Response:
        job = services.job_retry_request(self.get_object())
        return accepted(request, job=job, floorplan=job.floorplan)


@docs.status_view
class FloorplanStatusView(RetrieveAPIView):
    serializer_class = FloorplanLifecycleOutput
    lookup_url_kwarg = "floorplan_id"

    def get_queryset(self):
        return selectors.floorplan_lifecycle(user=self.request.user)


@docs.bom_viewset
class BomViewSet(
    FileResponseMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_converter = "uuid"
    file_actions = ("export", "export_xlsx", "markup", "layout")
    throttle_classes = [ActionScopedRateThrottle]
    throttle_scopes = {"export_xlsx": "renders", "markup": "renders", "layout": "renders"}

    def get_queryset(self):
        if self.action == "list":
            return selectors.bom_list(user=self.request.user)
        return selectors.bom_detail_queryset(user=self.request.user)

    def get_serializer_class(self):
        return BomListOutput if self.action == "list" else BomDetailOutput

    @docs.bom_export
    def export(self, request: Request, pk=None) -> HttpResponse:
        text, filename = deliverables.bom_export_csv(self.get_object())
        return attachment(text, "text/csv; charset=utf-8", filename)

    @deliverables_docs.bom_xlsx
    def export_xlsx(self, request: Request, pk=None) -> HttpResponse:
        workbook, filename = deliverables.bom_export_xlsx(self.get_object())
        return attachment(workbook, deliverables.XLSX_TYPE, filename)

    @deliverables_docs.bom_markup
    def markup(self, request: Request, pk=None) -> HttpResponse:
        pdf, filename = deliverables.bom_markup_pdf(self.get_object())
        return attachment(pdf, "application/pdf", filename)

    @docs.bom_layout
    def layout(self, request: Request, pk=None) -> HttpResponse:
        svg = services.bom_layout_svg(self.get_object())
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@docs.token_view
class TokenView(ObtainAuthToken):
    """DRF's token login, throttled per client address and per username; an expired
    token is replaced by a fresh one."""

    parser_classes = [JSONParser]  # DRF's view also takes forms; one type, one schema
    throttle_classes = LOGIN_THROTTLES

    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_for_login(serializer.validated_data["user"])
        return Response({"token": token.key})


@docs.token_revoke_view
class TokenRevokeView(APIView):
    """Log out: the caller's API token stops working at once."""

    def post(self, request: Request) -> Response:
        token_revoke(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
