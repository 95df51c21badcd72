"""Pages of one app that show boxes of the apps above it (pretix does this with signals such as nav_event).

A page calls `context_for(slot, request, context)`; every app that registered a provider for that slot
adds to the context, in the order of INSTALLED_APPS (so registrations' box can use what campaigns'
page found, and evaluations' box what registrations' added). The page's app imports none of them.

    # evaluations/apps.py
    panels.register("campaign_detail", year_end_box)

    # campaigns/views.py
    context |= panels.context_for("campaign_detail", request, context)
"""

from collections import defaultdict
from collections.abc import Callable

Provider = Callable[[object, dict], dict]
_PROVIDERS: dict[str, list[Provider]] = defaultdict(list)


def register(slot: str, provider: Provider) -> None:
    if provider not in _PROVIDERS[slot]:
        _PROVIDERS[slot].append(provider)


def context_for(slot: str, request, context: dict) -> dict:
    """What the registered providers add to `context` for this page (each sees what the earlier ones added)."""
    added: dict = {}
    for provider in _PROVIDERS[slot]:
        added |= provider(request, {**context, **added})
    return added
