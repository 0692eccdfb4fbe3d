"""Start-up, for every way of serving (``python app.py`` and gunicorn's master): load and validate the
data once, build what the first click would wait for, or say in one message why it cannot start."""

from __future__ import annotations

import gc
import sys

from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.contract import DataContractError
from dashboard.data.dataset import Dataset
from dashboard.store.loading import get_dataset, warm

EXIT_BAD_DATA = 2


def store_problem(error: SQLAlchemyError) -> str:
    """The store's failure in one line, without the SQL or parameters SQLAlchemy appends."""
    return f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"


def load_for_serving() -> Dataset | None:
    """The latest version's dataset, validated, with its membership index built; or None after
    printing why not (the data breaks the contract, or the store cannot be reached)."""
    try:
        dataset = get_dataset()
    except DataContractError as error:
        print(error.report(), file=sys.stderr)
        return None
    except SQLAlchemyError as error:
        print(f"The data store could not be reached: {store_problem(error)}", file=sys.stderr)
        return None
    warm(dataset)
    return dataset


def set_aside_what_lasts() -> None:
    """Once everything that lives as long as the server is loaded (the modules, the data, its index),
    set it aside from the garbage collector.

    A full collection walks every object it tracks: about 200,000 after start, 0.1 s, landing in
    the middle of whichever click triggered it. Frozen, those objects are never walked again, and
    forked workers leave the pages they share with the master untouched. A dataset replaced by a
    new version is still freed by reference counting when nothing refers to it; a reference cycle
    among frozen objects is never collected (workers are recycled after max_requests).
    """
    gc.freeze()
