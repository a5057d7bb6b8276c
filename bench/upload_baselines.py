"""The two views ``bench_api.py`` measures the upload against (imported once Django is set
up; served under /bench/ by the bench's own WSGI app, never by the project's URLs).

* ``ConstantView``: the bare view. Same auth, permission and upload parser as the API;
  it receives and parses the body and answers a constant.
* ``RequiredWorkView``: the floor. What any upload with the product's guarantees must do,
  written the plainest way: hash the bytes (duplicates are found by them), store the file,
  insert the floor plan and its job in one transaction, enqueue the job after COMMIT.
  No checks, no idempotency, no throttle, no serializer: the upload's own code is what
  costs more than this.
"""

from __future__ import annotations

import functools
import hashlib
import uuid

from django.db import transaction
from django_q.brokers import get_broker
from django_q.tasks import async_task
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from floorplans.models import Floorplan
from jobs.models import AsyncJob, JobType

CONSTANT_JOB = {"id": "00000000-0000-0000-0000-000000000000", "status": "queued"}


@functools.cache
def _broker():
    return get_broker()  # one connection per process, as the job layer keeps its own


class ConstantView(APIView):
    parser_classes = [MultiPartParser]  # the upload view's: the body is really parsed

    def get(self, request, pk=None):
        return Response(CONSTANT_JOB)

    def post(self, request, pk=None):
        request.data  # noqa: B018 - receive and parse the body, as an upload does
        return Response(CONSTANT_JOB, status=202)


class RequiredWorkView(ConstantView):
    def post(self, request, pk=None):
        upload = request.data["file"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        floorplan = Floorplan(
            id=uuid.uuid4(),
            owner=request.user,
            name=upload.name,
            original_filename=upload.name,
            file_size=upload.size,
            sha256=digest.hexdigest(),
        )
        floorplan.file.save(f"{floorplan.pk}.pdf", upload, save=False)
        with transaction.atomic():
            floorplan.save(force_insert=True)
            job = AsyncJob.objects.create(
                job_type=JobType.INGEST, owner=request.user, floorplan=floorplan
            )
            transaction.on_commit(
                lambda: async_task("bench.tasks.noop", str(job.id), broker=_broker(), save=False)
            )
        return Response({"id": str(job.id), "status": "queued"}, status=202)
