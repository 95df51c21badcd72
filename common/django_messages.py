"""Django's own messages that its Vietnamese catalogue does not translate.

Listed here so that makemessages extracts them into locale/vi, which Django consults before
its own catalogues: a Vietnamese user never meets these in English.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES_WITHOUT_VIETNAMESE = [
    gettext_noop("Null characters are not allowed."),
]
