"""The error of a request the server refuses: an HTTP status and one clear line."""

from __future__ import annotations

from logitnet.exceptions import DataError

__all__ = ["RequestError"]


class RequestError(DataError):
    """A request that cannot be answered; ``status`` is its 4xx code.

    Parameters
    ----------
    message : str
        One line naming the problem and the value, sent as ``{"error": message}``.
    status : int, default=400
        413 for a body over the limit, 415 for an unknown content type, 400 otherwise.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
