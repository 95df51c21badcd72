"""The home page's "Việc cần làm": what each person should do next, contributed by the apps above (common.panels,
slot "home"). Each provider adds its items to the list the earlier ones built:

    def registration_todo(request, context):
        return todo.add(context, [todo.Todo(_("Finish your sheet"), url, deadline=campaign.registration_closes)])
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    count: int | None = None  # how many wait (sheets, units, people); None for one's own task
    deadline: date | None = None
    detail: str = ""  # e.g. the reason a sheet was returned

    @property
    def sort_key(self):
        return (self.deadline or date.max, self.text)


def add(context: dict, items: list[Todo]) -> dict:
    """The context's to-do list with `items` added (what a "home" panel provider returns)."""
    return {"todo": [*context.get("todo", []), *items]}
