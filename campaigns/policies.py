"""Who may use which documents (organizations.policies): the office's subtree's own, and the central ones
(no issuing unit), which every office may cite but only an administrator changes."""

from django.db.models import Q, QuerySet

from organizations.policies import SubtreePolicy
from organizations.scope import subtree_or_q

from .models import Document


class DocumentPolicy(SubtreePolicy):
    def q(self, user, action: str = "view") -> Q:
        return subtree_or_q(user, action, self.path_field, Q(issuing_unit__isnull=True))

    def usable(self, user) -> QuerySet:
        """The documents an office may cite as a campaign's plan or legal basis."""
        return self.visible(user, Document.objects.select_related("issuing_unit"), "manage")


DOCUMENTS = DocumentPolicy("issuing_unit__path")
