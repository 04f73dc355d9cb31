"""The one application error type: services raise it, views turn it into a message."""


class ApplicationError(Exception):
    """A rule of the domain refused the operation; ``message`` is shown to the user as is."""

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
