"""One exception tree. Every message says what was wrong and what to do about it."""


class SitrepsError(Exception):
    """Base of every error sitreps raises on purpose."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(SitrepsError):
    """An article, file or option could not be read."""


class NetworkError(InputError):
    """A URL or feed could not be fetched."""


class GazetteerError(SitrepsError):
    """The place index is missing or broken."""


class StoreError(SitrepsError):
    """The database could not be opened, read or written."""


class ScoreError(SitrepsError):
    """Evaluation against a gold set could not run."""
