"""Domain errors carry a Chinese message for the user; views and the API turn them into 4xx responses."""


class DomainError(Exception):
    """A request that breaks a business rule. The message is shown to the user as is."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFoundError(DomainError):
    status_code = 404

    def __init__(self, message: str = "未找到该记录，或您无权查看。") -> None:
        super().__init__(message, code="not_found")


class PermissionDeniedError(DomainError):
    status_code = 403

    def __init__(self, message: str = "您无权执行此操作。") -> None:
        super().__init__(message, code="permission_denied")


class ConflictError(DomainError):
    status_code = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")
