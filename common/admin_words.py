"""Words of the Django admin that Django's own Vietnamese catalogue lacks: the skip link, the theme and navigation
toggles, the sidebar's filter, the counts. A keyboard or screen-reader user of the office's admin heard them in
English. Listed here so that makemessages keeps them in the portal's catalogue (locale/vi), which Django reads
before its own; nothing calls these."""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_WORDS = [
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Error:"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Set password"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "total_count"),
    ngettext_lazy("%(counter)s result", "%(counter)s results", "counter"),
    ngettext_lazy("entry", "entries", "count"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully.", "count"
    ),
]
