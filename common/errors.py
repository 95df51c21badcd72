def error_text(error: Exception) -> str:
    """The message(s) of a ValidationError or PermissionDenied, as one line for a flash message."""
    return " ".join(getattr(error, "messages", None) or [str(error)])
