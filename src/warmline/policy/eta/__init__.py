"""When a person will be with the customer: the promised wait, fixed or learned, and how sure it is.

Two estimates, both pure (no I/O):

- **fixed** (``estimate_eta``, ``person_wait_minutes``): the bot file's handling time per case type,
  the queue and the shifts; what a shop with no history gets.
- **learned** (``fit_eta_model`` → ``EtaModel``): the wait's distribution learned from the shop's own
  finished cases, by person, case type, hour and what the person holds (``_queue``), with a spread of its
  own for someone quiet while holding cases (``_activity``); promised at the bot file's
  ``promise_confidence``.

``round_eta`` rounds either the way a person would say it.
"""

from ._activity import QUIET_MINUTES, seems_away
from ._fit import fit_eta_model
from ._fixed import FIRST_LOOK_MINUTES, Eta, eligible_staff, estimate_eta, person_wait_minutes, round_eta
from ._model import EtaModel, WaitForecast

__all__ = [
    "FIRST_LOOK_MINUTES",
    "QUIET_MINUTES",
    "Eta",
    "EtaModel",
    "WaitForecast",
    "eligible_staff",
    "estimate_eta",
    "fit_eta_model",
    "person_wait_minutes",
    "round_eta",
    "seems_away",
]
