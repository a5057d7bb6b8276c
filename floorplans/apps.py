from django.apps import AppConfig


class FloorplansConfig(AppConfig):
    name = "floorplans"
    verbose_name = "Floor plans"

    def ready(self) -> None:
        # drawing_set_admin registers itself; admin autodiscovery imports only admin.py.
        from floorplans import drawing_set_admin, drawing_set_jobs, job_handlers  # noqa: F401

        job_handlers.register()
        drawing_set_jobs.register()
