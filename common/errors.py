def error_text(error: Exception) -> str:
    """The message(s) of a ValidationError or PermissionDenied, as one line for a flash message."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


def add_to_form(form, error: Exception) -> None:
    """Show a refused step's error on its form: a ValidationError naming fields under those fields (the others
    above the form), anything else (PermissionDenied) above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(error))
