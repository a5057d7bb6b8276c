from django.apps import AppConfig


class FloorplansConfig(AppConfig):
    name = "floorplans"
    verbose_name = "Floor plans"

    def ready(self) -> None:
        from floorplans import drawing_set_jobs, job_handlers

        job_handlers.register()
        drawing_set_jobs.register()
