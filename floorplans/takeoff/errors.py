"""Errors the generator raises; each carries a message a user can act on."""


class OptionError(ValueError):
    """A generator option is unknown or out of range; `field` names the option."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NoScaleError(ValueError):
    """The SpatialGraph has no scale, so no real-world size can be computed."""

    def __init__(self) -> None:
        super().__init__(
            'This drawing has no scale; set a scale override such as 1/4"=1\'-0" or 1:100'
        )


class CatalogueError(ValueError):
    """The catalogue lacks an item the layout needs (role, size, unit or currency)."""
