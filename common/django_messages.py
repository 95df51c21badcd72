"""Messages of Django and of the admin's libraries that their Vietnamese catalogues do not translate.

Listed here so that makemessages extracts them into locale/vi, which Django consults before
its own catalogues: a Vietnamese user never meets these in English (the admin included).
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_MESSAGES_WITHOUT_VIETNAMESE = [
    gettext_noop("Null characters are not allowed."),
    # django.contrib.admin (5.2)
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Search"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    # django.contrib.auth's user form
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may "
        "still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    # django-simple-history
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Object"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("None"),  # the history page's "changed by" when nobody is recorded
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    # django-import-export
    gettext_noop("Export"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Format"),
    gettext_noop("Submit"),
    # django-axes
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
]


def _plural_messages(count):  # never called: makemessages extracts plural messages only from ngettext calls
    ngettext("Please correct the error below.", "Please correct the errors below.", count)
    # django.contrib.auth.password_validation.MinimumLengthValidator (the vi catalogue lacks this plural)
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        count,
    )
