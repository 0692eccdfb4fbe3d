"""Start-up, for every way of serving (``python app.py`` and gunicorn's master): load and validate the
data once, build what the first click would wait for, or say in one message why it cannot start."""

from __future__ import annotations

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
