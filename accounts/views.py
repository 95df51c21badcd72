from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ActivationForm
from .services import account_activate


def activate(request):
    """A cadre turns the code from their unit into a login of their own."""
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_activate(
                raw_code=form.cleaned_data["code"],
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            target = "password1" if any("password" in (e.code or "") for e in error.error_list) else None
            form.add_error(target, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Welcome, %(name)s!") % {"name": user.first_name})
            return redirect("home")
    return render(request, "accounts/activate.html", {"form": form})
