"""Who may see and change an office's letterheads: the offices of the unit's subtree and above (the scoped admin)."""

from organizations.policies import SubtreePolicy, register

from .models import Letterhead

LETTERHEADS = register(Letterhead, SubtreePolicy("unit__path"))
