from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from campaigns.policies import CAMPAIGNS
from common import private_files
from common.errors import error_text
from organizations.filters import unit_options
from organizations.scope import has_any_grant, is_manager
from organizations.selectors import parent_names, unit_label
from registrations.models import Registration

from . import selectors, services
from .filters import EvaluationListFilter
from .forms import AttachmentForm, DecisionFields, DecisionForm, ProposalForm, ReasonForm, SelfAssessmentForm
from .models import Evaluation, Stage
from .policies import EVALUATIONS

PER_PAGE = 50


def _rating(form, scheme):
    return services.rating_from(scheme, level_id=form.cleaned_data.get("level"), points=form.cleaned_data.get("points"))


@login_required
@require_POST
def evaluation_start(request, pk):
    """The cadre opens the year-end self-assessment of their approved registration."""
    registration = get_object_or_404(Registration.objects.filter(person__user=request.user), pk=pk)
    try:
        evaluation = services.evaluation_start(by=request.user, registration=registration)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("registrations:registration_detail", pk=registration.pk)
    return redirect("evaluations:evaluation_detail", pk=evaluation.pk)


@login_required
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(selectors.evaluation_for(request.user, pk))
    allowed = services.allowed_steps(request.user, evaluation)
    results = list(evaluation.results.select_related("choice__criterion"))
    forms = {}
    if allowed["can_self"]:
        forms["self_form"] = SelfAssessmentForm(evaluation=evaluation, results=results)
        forms["attachment_form"] = AttachmentForm()
    if allowed["can_propose"]:
        forms["proposal_form"] = ProposalForm(evaluation=evaluation)
    if allowed["can_decide"]:
        forms["decision_form"] = DecisionForm(evaluation=evaluation)
    if allowed["can_return"] or allowed["can_reopen"]:
        forms["reason_form"] = ReasonForm(initial={"version": evaluation.version})
    return _detail(request, evaluation, results, allowed, forms)


def _detail(request, evaluation, results, allowed, forms, status=200):
    context = {
        "evaluation": evaluation,
        "registration": evaluation.registration,
        "results": results,
        "attachments": evaluation.attachments.all(),
        "history": evaluation.history.select_related("history_user").order_by("history_date"),
        **allowed,
        **forms,
    }
    return render(request, "evaluations/evaluation_detail.html", context, status=status)


@login_required
@require_POST
def evaluation_action(request, pk, action):
    """One step on the evaluation; a refused step re-shows the page with the message and changes nothing."""
    evaluation = get_object_or_404(selectors.evaluation_for(request.user, pk))
    allowed = services.allowed_steps(request.user, evaluation)
    scheme = evaluation.round.scheme
    results = list(evaluation.results.select_related("choice__criterion"))
    forms, form = {}, None
    try:
        if action == "self":
            # One form for the text, the level and the evidence files: adding or removing a file saves what was
            # typed with it (it was a separate form, and the page it reloaded had lost the text and the level).
            form = forms["self_form"] = SelfAssessmentForm(request.POST, evaluation=evaluation, results=results)
            # A file chosen is added whichever button was pressed ("Add the file", or straight "Send").
            attaching = "attach" in request.POST or bool(request.FILES.get("file"))
            files = forms["attachment_form"] = AttachmentForm(
                request.POST if attaching else None, request.FILES or None
            )
            detach = request.POST.get("detach")
            submit = "submit" in request.POST and not detach
            if form.is_valid() and (not attaching or files.is_valid()):
                services.self_assessment_page_save(
                    by=request.user,
                    evaluation=evaluation,
                    fields={
                        "summary": form.cleaned_data["summary"] or "",
                        "results": form.result_values(),
                        "level_id": form.cleaned_data.get("level"),
                        "points": form.cleaned_data.get("points"),
                    },
                    expected_version=form.cleaned_data["version"],
                    submit=submit,
                    upload=files.cleaned_data["file"] if attaching else None,
                    caption=(files.cleaned_data["caption"] or "") if attaching else "",
                    detach=(int(detach) if detach.isdigit() else 0) if detach else None,
                )
                if attaching and not submit:
                    messages.success(request, _("Draft saved and the evidence file added."))
                elif detach:
                    messages.success(request, _("Draft saved and the evidence file removed."))
                else:
                    messages.success(
                        request,
                        _("Your self-assessment was sent to your unit.") if submit else _("Self-assessment saved."),
                    )
                return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        elif action == "attach":
            form = forms["attachment_form"] = AttachmentForm(request.POST, request.FILES)
            if form.is_valid():
                services.attachment_add(
                    by=request.user,
                    evaluation=evaluation,
                    upload=form.cleaned_data["file"],
                    caption=form.cleaned_data["caption"] or "",
                )
                messages.success(request, _("Evidence file added."))
                return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        elif action == "detach":
            attachment = get_object_or_404(evaluation.attachments, pk=request.POST.get("attachment") or 0)
            services.attachment_remove(by=request.user, attachment=attachment)
            messages.success(request, _("Evidence file removed."))
            return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        elif action == "propose":
            form = forms["proposal_form"] = ProposalForm(request.POST, evaluation=evaluation)
            if form.is_valid():
                services.unit_propose(
                    by=request.user,
                    evaluation=evaluation,
                    comment=form.cleaned_data["comment"],
                    level_id=form.cleaned_data.get("level"),
                    points=form.cleaned_data.get("points"),
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The unit's proposal was recorded."))
                return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        elif action == "decide":
            form = forms["decision_form"] = DecisionForm(request.POST, evaluation=evaluation)
            if form.is_valid():
                warnings = services.evaluations_decide(
                    by=request.user,
                    decisions=[(evaluation, _rating(form, scheme))],
                    number=form.cleaned_data["number"] or "",
                    on=form.cleaned_data["on"],
                )
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(request, _("The rating was decided and the evaluation is now locked."))
                return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        elif action in ("return", "reopen"):
            form = forms["reason_form"] = ReasonForm(request.POST)
            if form.is_valid():
                if action == "return":
                    services.evaluation_return(
                        by=request.user,
                        evaluation=evaluation,
                        reason=form.cleaned_data["reason"],
                        resubmit_by=form.cleaned_data["resubmit_by"],
                        expected_version=form.cleaned_data["version"],
                    )
                else:
                    services.evaluation_reopen(
                        by=request.user,
                        evaluation=evaluation,
                        reason=form.cleaned_data["reason"],
                        expected_version=form.cleaned_data["version"],
                    )
                messages.success(
                    request,
                    _("The self-assessment went back to the cadre.")
                    if action == "return"
                    else _("The evaluation was reopened."),
                )
                return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None  # the user may see the evaluation but not take this step: as if it did not exist
    except ValidationError as error:
        if form is None:
            messages.error(request, error_text(error))
            return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
        form.add_error(None, error_text(error))
    if not any(allowed[key] for key in ("can_self", "can_propose", "can_return", "can_decide", "can_reopen")):
        raise Http404
    return _detail(request, evaluation, results, allowed, forms, status=400)


@login_required
def evaluation_print(request, pk):
    evaluation = get_object_or_404(selectors.evaluation_for(request.user, pk))
    return render(
        request,
        "evaluations/evaluation_print.html",
        {
            "evaluation": evaluation,
            "registration": evaluation.registration,
            "results": evaluation.results.select_related("choice__criterion"),
            "attachments": evaluation.attachments.all(),
        },
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    """Evidence files are personal: served only to who may see the evaluation, never from /media/."""
    evaluation = get_object_or_404(EVALUATIONS.visible(request.user, Evaluation.objects), pk=pk)
    attachment = get_object_or_404(evaluation.attachments, pk=attachment_pk)
    extension = attachment.file.name.rsplit(".", 1)[-1]
    return private_files.serve(
        request,
        attachment.file.name,
        attachment=True,
        download_name=f"minh-chung-{evaluation.pk}-{attachment.pk}.{extension}",
    )


def _campaign(request, slug, *, manage=False) -> Campaign:
    if not (is_manager(request.user) if manage else has_any_grant(request.user)):
        raise Http404
    return get_object_or_404(
        CAMPAIGNS.visible(request.user, Campaign.objects).select_related("evaluation_round__scheme"),
        slug=slug,
        evaluation_round__isnull=False,
    )


@login_required
def evaluation_list(request, slug):
    campaign = _campaign(request, slug)
    filters = EvaluationListFilter(
        request.GET, queryset=selectors.evaluation_list(campaign, request.user), request=request
    )
    if filters.unit_refused():
        raise Http404
    evaluations = filters.qs
    chosen = filters.form.cleaned_data
    page = Paginator(evaluations, PER_PAGE).get_page(request.GET.get("page"))
    filter_units = unit_options(request.user, campaign.organizer)
    return render(
        request,
        "evaluations/evaluation_list.html",
        {
            "campaign": campaign,
            "round": campaign.evaluation_round,
            "page": page,
            "stage": chosen.get("stage", ""),
            "query": chosen.get("q", ""),
            "unit": chosen.get("unit"),
            "filter_units": filter_units,
            "stages": Stage.choices,
            "levels": campaign.evaluation_round.scheme.levels.all(),
            "level": str(chosen["level"]) if chosen.get("level") is not None else "",
            "counts": selectors.stage_counts(campaign, request.user),
        },
    )


@login_required
def calibration(request, slug):
    """The office's one screen per deciding unit: proposals and decisions per level against the quotas,
    and a final level for each proposed cadre, decided together under one decision number."""
    campaign = _campaign(request, slug, manage=True)
    round_ = campaign.evaluation_round
    deciding = list(selectors.deciding_units(campaign, request.user))
    if not deciding:  # nobody has reached the round yet: say so, rather than answer "no such page"
        return render(request, "evaluations/calibration.html", {"campaign": campaign, "round": round_, "empty": True})
    chosen = next((u for u in deciding if str(u.pk) == request.GET.get("deciding")), deciding[0])
    # The units under the deciding unit (branches aside): the filter's choices, and the names that tell apart
    # the many "Chi đoàn ấp 9" of different communes.
    above = {unit.path: unit for unit in unit_options(request.user, chosen)}
    unit = None
    if request.GET.get("unit"):
        unit = next((u for u in above.values() if str(u.pk) == request.GET["unit"]), None)
        if unit is None:
            raise Http404
    rows = list(selectors.calibration_rows(campaign, chosen, unit)[:500])
    # Each branch with the unit it belongs to now (a unit moved since keeps its rows, named as offices know it).
    parents = parent_names([row.registration.unit for row in rows])
    for row in rows:
        label = unit_label(row.registration.unit, parents, within=chosen.name)
        row.unit_label = label if label != row.registration.unit.name else ""
    levels = list(round_.scheme.levels.all())
    decision = DecisionFields(request.POST if request.method == "POST" else None)
    if request.method == "POST" and decision.is_valid():
        by_pk = {row.pk: row for row in rows if row.stage == Stage.PROPOSED}
        picked = [pk for pk in map(int, filter(str.isdigit, request.POST.getlist("selected"))) if pk in by_pk]
        try:
            level_for = {}
            for pk in picked:
                level_id = request.POST.get(f"level_{pk}") or by_pk[pk].proposed_level_id
                points = request.POST.get(f"points_{pk}") or by_pk[pk].proposed_points
                level_for[pk] = services.rating_from(round_.scheme, level_id=level_id, points=points)
            done, warnings = services.decide_many(
                by=request.user,
                evaluations=[by_pk[pk] for pk in picked],
                level_for=level_for,
                number=decision.cleaned_data["number"] or "",
                on=decision.cleaned_data["on"],
            )
        except (ValidationError, PermissionDenied) as error:
            decision.add_error(None, error_text(error))
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("%(count)d rating(s) decided.") % {"count": done})
            return redirect(request.get_full_path())
    counts = selectors.level_counts(round_, chosen)
    _rated, proposed, decided = counts
    return render(
        request,
        "evaluations/calibration.html",
        {
            "campaign": campaign,
            "round": round_,
            "deciding": deciding,
            "chosen": chosen,
            "rows": [row for row in rows if row.stage == Stage.PROPOSED],
            "decided_rows": [row for row in rows if row.stage == Stage.DECIDED],
            "filter_units": [u for u in above.values() if u != chosen],
            "unit": unit,
            "levels": levels,
            "quota_lines": services.quota_lines(round_, chosen, counts=counts),
            "decision": decision,
            "summary": [(level, proposed[level.pk], decided[level.pk]) for level in levels],
            "proposed_count": sum(1 for row in rows if row.stage == Stage.PROPOSED),
        },
        status=400 if decision.errors else 200,
    )
