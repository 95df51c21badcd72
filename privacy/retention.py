"""Limited retention (the personal-data law): people who aged out, left or were removed more than
PERSONAL_DATA_KEEP_YEARS ago are anonymised by a recurring job, and every figure of every campaign stays the same.

What goes: the name (replaced by "Đoàn viên đã ẩn danh <id>"), gender, birth date, contacts, member number, photo,
Party membership, position at work; the free text of their sheets, check-ins, evaluations and commendations
(shortcomings, commitments, comments, stories) and the files attached to them; their login (closed, renamed);
their stories come off the public page. The same fields are emptied in the history tables, or the past would keep
them. What stays: the rows themselves — memberships, terms of office, sheets, ratings, decisions — which the
figures count. `manage.py anonymise_departed --dry-run` lists who would be touched."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import ActivationCode
from checkins.models import ActionUpdate
from evaluations.models import Attachment, Commendation, CriterionResult, Evaluation
from evaluations.stories import commendation_withdraw, forget_public_pages
from feedback.models import CollectiveOpinion, Comment
from meetings.models import Invitation
from notices.models import Notification
from organizations.models import Person
from registrations.models import Registration, RegistrationCriterion

from .models import CorrectionRequest

PSEUDONYM = "Đoàn viên đã ẩn danh {pk}"
PERSON_EMPTY = {
    "gender": "",
    "birth_date": None,
    "phone": "",
    "email": "",
    "member_number": None,
    "photo": "",
    "joined_on": None,
    "party_member": False,
    "job_title": "",
}
# The free text people wrote on each kind of row: emptied in the rows and in their history.
FREE_TEXT = [
    (Registration, "person", ("strengths", "overall_commitment", "return_reason")),
    (RegistrationCriterion, "registration__person", ("shortcomings", "actions", "target")),
    (ActionUpdate, "checkin__registration__person", ("note",)),
    (Evaluation, "registration__person", ("self_summary", "unit_comment", "return_reason", "reopen_reason")),
    (CriterionResult, "evaluation__registration__person", ("achieved", "evidence")),
    (Commendation, "person", ("reason", "headline", "story", "photo_alt", "consent_note")),
    (Comment, "author", ("text",)),
    (Comment, "registration__person", ("text",)),
    (CollectiveOpinion, "registration__person", ("text",)),
]


def cutoff(keep_years: int | None = None, today: date | None = None) -> date:
    today = today or timezone.localdate()
    years = settings.PERSONAL_DATA_KEEP_YEARS if keep_years is None else keep_years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def departed(keep_years: int | None = None, today: date | None = None):
    """People who left the Youth Union (aged out, struck off, expelled, moved away) before the cutoff and are not
    anonymised yet."""
    return (
        Person.objects.filter(left_union_on__lt=cutoff(keep_years, today))
        .exclude(full_name__startswith=PSEUDONYM.split("{")[0])
        .select_related("home_unit")
        .order_by("left_union_on", "pk")
    )


def _files(person: Person) -> list:
    """The stored files about the person, removed after the transaction commits."""
    found = [person.photo] if person.photo else []
    for update in ActionUpdate.objects.filter(checkin__registration__person=person):
        found += [f for f in (update.photo, update.thumbnail) if f]
    found += [a.file for a in Attachment.objects.filter(evaluation__registration__person=person) if a.file]
    found += [c.photo for c in Commendation.objects.filter(person=person) if c.photo]
    return found


@transaction.atomic
def anonymise(person: Person, *, by=None) -> None:
    files = _files(person)
    for story in Commendation.objects.filter(person=person, is_published=True):
        commendation_withdraw(by=by, commendation=story)
    pseudonym = PSEUDONYM.format(pk=person.pk)
    fields = {**PERSON_EMPTY, "full_name": pseudonym}
    person.__dict__.update(fields)
    person.fill_derived_fields()  # the search and sort keys of the pseudonym
    derived = {"search_text": person.search_text, "sort_key": person.sort_key}
    Person.objects.filter(pk=person.pk).update(**fields, **derived)
    Person.history.model.objects.filter(id=person.pk).update(**fields)
    for model, path, names in FREE_TEXT:
        rows = model.objects.filter(**{path: person})
        ids = list(rows.values_list("pk", flat=True))
        rows.update(**{name: "" for name in names})
        model.history.model.objects.filter(id__in=ids).update(**{name: "" for name in names})
    ActionUpdate.objects.filter(checkin__registration__person=person).update(photo="", thumbnail="")
    Attachment.objects.filter(evaluation__registration__person=person).delete()
    stories = Commendation.objects.filter(person=person)
    stories.filter(consent_given=True).update(consent_withdrawn_at=timezone.now())  # their consent ends with them
    stories.update(photo="", consent_given=False, is_published=False)
    Commendation.history.model.objects.filter(person_id=person.pk).update(photo="")
    CorrectionRequest.objects.filter(person=person).update(text="", answer="")
    Invitation.objects.filter(person=person).update(reason="")  # no history kept of replies
    ActivationCode.objects.filter(person=person).delete()
    if person.user_id:
        user = person.user
        Notification.objects.filter(user=user).delete()
        user.username, user.first_name, user.last_name, user.email = f"an-danh-{person.pk}", "", "", ""
        user.is_active = False
        user.set_unusable_password()
        user.save()

    def remove_files():
        for file in files:
            file.storage.delete(file.name)
        forget_public_pages()

    transaction.on_commit(remove_files)


@dataclass
class Outcome:
    people: list[Person]
    done: bool


def anonymise_departed(*, dry_run: bool = False, keep_years: int | None = None, by=None) -> Outcome:
    """Anonymise everyone `departed()`; with dry_run, only say who."""
    people = list(departed(keep_years))
    if not dry_run:
        for person in people:
            anonymise(person, by=by)
    return Outcome(people=people, done=not dry_run)
