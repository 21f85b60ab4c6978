"""Event codes written to `DraftEvent.action` (STYLE §1): `create` and the actions of `workflow.Action`."""

from fawang.legislation.workflow import Action

CREATE = "create"
CODES = (CREATE, *(a.value for a in Action))
